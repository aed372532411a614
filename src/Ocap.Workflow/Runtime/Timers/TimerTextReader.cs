namespace Ocap.Workflow.Runtime.Timers;

/// <summary>A cursor over a timer definition (or a slice of one) that reports errors at absolute positions.</summary>
internal sealed class TimerTextReader(string text, int start, int end)
{
    public TimerTextReader(string text)
        : this(text, 0, text.Length)
    {
    }

    public string Text { get; } = text;

    public int Position { get; set; } = start;

    public int End { get; } = end;

    public bool AtEnd => Position >= End;

    public char Peek => AtEnd ? '\0' : Text[Position];

    public TimerDefinitionParseException Error(string expected) => new(Text, Position, expected);

    public TimerDefinitionParseException ErrorAt(int position, string expected) => new(Text, position, expected);

    public void Expect(char c, string expected)
    {
        if (Peek != c || AtEnd)
        {
            throw Error(expected);
        }

        Position++;
    }

    /// <summary>Reads exactly <paramref name="count"/> digits.</summary>
    public int Digits(int count, string what)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            if (AtEnd || !char.IsAsciiDigit(Peek))
            {
                throw Error($"{count} digits of {what}");
            }

            value = (value * 10) + (Text[Position] - '0');
            Position++;
        }

        return value;
    }

    /// <summary>Reads one or more digits as a non-negative integer that fits in 32 bits.</summary>
    public int Number(string what)
    {
        var start = Position;
        long value = 0;
        while (!AtEnd && char.IsAsciiDigit(Peek))
        {
            value = (value * 10) + (Text[Position] - '0');
            if (value > int.MaxValue)
            {
                throw ErrorAt(start, $"{what} no larger than {int.MaxValue}");
            }

            Position++;
        }

        if (Position == start)
        {
            throw Error(what);
        }

        return (int)value;
    }
}
