namespace Ocap.Workflow.Expressions.Feel;

/// <summary>The kinds of FEEL value.</summary>
internal enum ValueKind : byte
{
    Null,
    Boolean,
    Number,
    String,
    List,
    Context,
    Date,
    Time,
    DateTime,
    DaysTimeDuration,
    YearsMonthsDuration,
    Range,
    Function,
}

/// <summary>
/// One FEEL value. A struct so that numbers, booleans, dates and durations travel without boxing: the hot
/// path of a gateway condition (a lookup, a comparison, a membership test) allocates nothing.
/// </summary>
/// <remarks>
/// Layout by kind: <see cref="Number"/> holds the number, the boolean (1 or 0), a date's day number
/// (<see cref="DateOnly.DayNumber"/>), a days-time duration in seconds, or a years-months duration in months.
/// <see cref="Ref"/> holds the string, the <see cref="Value"/>[] of a list, the <see cref="ContextValue"/>,
/// the <see cref="FeelTime"/>, the <see cref="FeelDateTime"/>, the <see cref="RangeValue"/> or the
/// <see cref="FunctionValue"/>. Lists are never mutated after construction.
/// </remarks>
internal readonly struct Value
{
    public static readonly Value Null;
    public static readonly Value True = new(ValueKind.Boolean, 1m, null);
    public static readonly Value False = new(ValueKind.Boolean, 0m, null);
    public static readonly Value EmptyList = new(ValueKind.List, 0m, Array.Empty<Value>());

    public readonly decimal Number;
    public readonly object? Ref;
    public readonly ValueKind Kind;

    private Value(ValueKind kind, decimal number, object? reference)
    {
        Kind = kind;
        Number = number;
        Ref = reference;
    }

    public bool IsNull => Kind == ValueKind.Null;

    public bool AsBoolean => Number != 0m;

    public string AsString => (string)Ref!;

    public Value[] AsList => (Value[])Ref!;

    public ContextValue AsContext => (ContextValue)Ref!;

    public DateOnly AsDate => DateOnly.FromDayNumber((int)Number);

    public FeelTime AsTime => (FeelTime)Ref!;

    public FeelDateTime AsDateTime => (FeelDateTime)Ref!;

    public RangeValue AsRange => (RangeValue)Ref!;

    public FunctionValue AsFunction => (FunctionValue)Ref!;

    public static Value Bool(bool value) => value ? True : False;

    public static Value Num(decimal value) => new(ValueKind.Number, value, null);

    public static Value Str(string value) => new(ValueKind.String, 0m, value);

    public static Value List(Value[] items) => items.Length == 0 ? EmptyList : new(ValueKind.List, 0m, items);

    public static Value Context(ContextValue context) => new(ValueKind.Context, 0m, context);

    public static Value Date(DateOnly date) => new(ValueKind.Date, date.DayNumber, null);

    public static Value Time(FeelTime time) => new(ValueKind.Time, 0m, time);

    public static Value DateTime(FeelDateTime dateTime) => new(ValueKind.DateTime, 0m, dateTime);

    /// <summary>A days-time duration of <paramref name="seconds"/> seconds (fractions allowed).</summary>
    public static Value DaysTime(decimal seconds) => new(ValueKind.DaysTimeDuration, seconds, null);

    /// <summary>A years-months duration of <paramref name="months"/> months.</summary>
    public static Value YearsMonths(decimal months) => new(ValueKind.YearsMonthsDuration, months, null);

    public static Value Range(RangeValue range) => new(ValueKind.Range, 0m, range);

    public static Value Function(FunctionValue function) => new(ValueKind.Function, 0m, function);

    public override string ToString() => ValueText.ToFeelString(this);
}
