using System.Text;

namespace Ocap.Workflow.Access;

/// <summary>
/// A recursive-descent parser for the RFC 4515 string representation of search filters, with RFC 4526 absolute
/// true <c>(&amp;)</c> and false <c>(|)</c>. It is strict: whatever the grammar does not produce is a
/// <see cref="LdapFilterParseException"/> naming the position and what was expected, because a filter that is
/// "repaired" by guessing is an authorization rule nobody wrote.
/// </summary>
internal sealed class LdapFilterParser
{
    private readonly string _text;
    private readonly LdapFilterParseOptions _options;
    private int _pos;

    private LdapFilterParser(string text, LdapFilterParseOptions options)
    {
        _text = text;
        _options = options;
    }

    public static FilterNode Parse(string text, LdapFilterParseOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLength, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, nameof(options));
        CheckLength(text, options.MaxLength);
        CheckCharacters(text);
        var parser = new LdapFilterParser(text, options);
        var root = parser.ParseFilter(1);
        if (parser._pos < text.Length)
        {
            throw parser.Error(
                IsWhitespace(text[parser._pos]) ? LdapFilterParseError.UnexpectedWhitespace : LdapFilterParseError.TrailingInput,
                "the end of the filter",
                $"found {Describe(text[parser._pos])} after the outermost ')'");
        }

        return root;
    }

    private static void CheckLength(string text, int maxLength)
    {
        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsHighSurrogate(c) ? 2 : char.IsLowSurrogate(c) ? 2 : 3;
            if (bytes > maxLength)
            {
                throw new LdapFilterParseException(
                    LdapFilterParseError.TooLong, i, $"at most {maxLength} UTF-8 bytes", "the filter is longer");
            }
        }
    }

    private static void CheckCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                throw new LdapFilterParseException(
                    LdapFilterParseError.InvalidCharacter, i, "a character other than NUL (write it as \\00)", "found NUL");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new LdapFilterParseException(
                    LdapFilterParseError.InvalidCharacter, i, "a Unicode character", "found an unpaired surrogate");
            }
        }
    }

    private FilterNode ParseFilter(int depth)
    {
        var start = _pos;
        Expect('(', LdapFilterParseError.ExpectedOpeningParenthesis, "'('");
        if (depth > _options.MaxDepth)
        {
            throw new LdapFilterParseException(
                LdapFilterParseError.TooDeep, start, $"at most {_options.MaxDepth} nested filters", "this filter nests deeper");
        }

        if (AtEnd)
        {
            throw Error(LdapFilterParseError.UnexpectedEnd, "'&', '|', '!' or an attribute description", "the input ended");
        }

        FilterNode node;
        switch (_text[_pos])
        {
            case '&':
                _pos++;
                node = new FilterSet(FilterKind.And, start, ParseList(depth));
                break;
            case '|':
                _pos++;
                node = new FilterSet(FilterKind.Or, start, ParseList(depth));
                break;
            case '!':
                _pos++;
                node = ParseNot(start, depth);
                break;
            default:
                node = ParseItem(start);
                break;
        }

        Expect(')', LdapFilterParseError.ExpectedClosingParenthesis, "')'");
        return node;
    }

    private FilterNode ParseNot(int start, int depth)
    {
        if (AtEnd)
        {
            throw Error(LdapFilterParseError.UnexpectedEnd, "'(' starting the single filter of '!'", "the input ended");
        }

        if (_text[_pos] == ')')
        {
            throw Error(LdapFilterParseError.NotRequiresExactlyOneFilter, "'(' starting the single filter of '!'", "'!' has no filter");
        }

        var child = ParseFilter(depth + 1);
        if (!AtEnd && _text[_pos] == '(')
        {
            throw Error(LdapFilterParseError.NotRequiresExactlyOneFilter, "')' closing '!'", "'!' has a second filter");
        }

        return new FilterNot(start, child);
    }

    private FilterNode[] ParseList(int depth)
    {
        var children = new List<FilterNode>();
        while (!AtEnd && _text[_pos] == '(')
        {
            children.Add(ParseFilter(depth + 1));
        }

        if (!AtEnd && _text[_pos] != ')')
        {
            throw Error(
                IsWhitespace(_text[_pos]) ? LdapFilterParseError.UnexpectedWhitespace : LdapFilterParseError.ExpectedOpeningParenthesis,
                "'(' starting a filter or ')' ending the list",
                $"found {Describe(_text[_pos])}");
        }

        return [.. children];
    }

    private FilterNode ParseItem(int start)
    {
        AttributeDescription? attribute = null;
        if (_text[_pos] != ':')
        {
            attribute = ParseAttributeDescription();
        }

        if (AtEnd)
        {
            throw Error(LdapFilterParseError.UnexpectedEnd, "'=', '~=', '>=', '<=' or ':'", "the input ended");
        }

        var c = _text[_pos];
        switch (c)
        {
            case '=':
                _pos++;
                return ParseEqualityOrSubstrings(start, attribute!);
            case '~' or '>' or '<':
                _pos++;
                if (AtEnd || _text[_pos] != '=')
                {
                    throw Error(
                        AtEnd ? LdapFilterParseError.UnexpectedEnd : LdapFilterParseError.ExpectedFilterType,
                        $"'=' after '{c}'",
                        AtEnd ? "the input ended" : $"found {Describe(_text[_pos])}");
                }

                _pos++;
                var kind = c switch
                {
                    '~' => FilterKind.Approximate,
                    '>' => FilterKind.GreaterOrEqual,
                    _ => FilterKind.LessOrEqual,
                };
                return new FilterComparison(kind, start, attribute!, ParseValue(allowAsterisk: false));
            case ':':
                return ParseExtensible(start, attribute);
            default:
                throw Error(
                    IsWhitespace(c) ? LdapFilterParseError.UnexpectedWhitespace : LdapFilterParseError.ExpectedFilterType,
                    "'=', '~=', '>=', '<=' or ':' after the attribute description",
                    $"found {Describe(c)}");
        }
    }

    private AttributeDescription ParseAttributeDescription()
    {
        var type = ParseOid("an attribute description (a descriptor such as 'cn' or a numeric OID such as '2.5.4.3')", LdapFilterParseError.InvalidAttributeDescription);
        var options = new List<string>();
        while (!AtEnd && _text[_pos] == ';')
        {
            _pos++;
            var optionStart = _pos;
            while (!AtEnd && LdapNames.IsKeyChar(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == optionStart)
            {
                throw Error(
                    AtEnd ? LdapFilterParseError.UnexpectedEnd
                        : IsWhitespace(_text[_pos]) ? LdapFilterParseError.UnexpectedWhitespace
                        : LdapFilterParseError.InvalidAttributeDescription,
                    "an attribute option (letters, digits, '-') after ';'",
                    AtEnd ? "the input ended" : $"found {Describe(_text[_pos])}");
            }

            options.Add(_text[optionStart.._pos]);
        }

        return new AttributeDescription(type, [.. options]);
    }

    /// <summary>Reads <c>oid = descr / numericoid</c>.</summary>
    private string ParseOid(string expected, LdapFilterParseError error)
    {
        var start = _pos;
        if (AtEnd)
        {
            throw Error(LdapFilterParseError.UnexpectedEnd, expected, "the input ended");
        }

        var first = _text[_pos];
        if (char.IsAsciiLetter(first))
        {
            while (!AtEnd && LdapNames.IsKeyChar(_text[_pos]))
            {
                _pos++;
            }

            return _text[start.._pos];
        }

        if (char.IsAsciiDigit(first))
        {
            var components = 0;
            while (true)
            {
                var numberStart = _pos;
                while (!AtEnd && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }

                if (_pos == numberStart)
                {
                    throw Error(error, "a digit after '.' in the numeric OID", AtEnd ? "the input ended" : $"found {Describe(_text[_pos])}");
                }

                if (_pos - numberStart > 1 && _text[numberStart] == '0')
                {
                    _pos = numberStart;
                    throw Error(error, "a numeric OID component without a leading zero", "found '0' followed by digits");
                }

                components++;
                if (AtEnd || _text[_pos] != '.')
                {
                    break;
                }

                _pos++;
            }

            if (components < 2)
            {
                throw Error(error, "'.' and a second component in the numeric OID", AtEnd ? "the input ended" : $"found {Describe(_text[_pos])}");
            }

            return _text[start.._pos];
        }

        throw Error(IsWhitespace(first) ? LdapFilterParseError.UnexpectedWhitespace : error, expected, $"found {Describe(first)}");
    }

    private FilterNode ParseEqualityOrSubstrings(int start, AttributeDescription attribute)
    {
        // value *( "*" value ): one part is equality, "*" alone is presence, anything else substrings.
        var parts = new List<AssertionValue> { ParseValue(allowAsterisk: true) };
        while (!AtEnd && _text[_pos] == '*')
        {
            _pos++;
            parts.Add(ParseValue(allowAsterisk: true));
        }

        if (parts.Count == 1)
        {
            return new FilterComparison(FilterKind.Equality, start, attribute, parts[0]);
        }

        if (parts.Count == 2 && parts[0].Octets.Length == 0 && parts[1].Octets.Length == 0)
        {
            return new FilterPresent(start, attribute);
        }

        var initial = parts[0].Octets.Length == 0 ? null : parts[0];
        var final = parts[^1].Octets.Length == 0 ? null : parts[^1];
        return new FilterSubstrings(start, attribute, initial, [.. parts.Skip(1).Take(parts.Count - 2)], final);
    }

    private FilterNode ParseExtensible(int start, AttributeDescription? attribute)
    {
        // At ':'. Forms: attr[:dn][:rule]:=value and [:dn]:rule:=value.
        var dn = false;
        string? rule = null;
        _pos++;
        if (!AtEnd && _text[_pos] == '=')
        {
            if (attribute is null)
            {
                throw Error(LdapFilterParseError.InvalidExtensibleMatch, "a matching rule (an extensible match without an attribute needs one)", "found '='");
            }

            _pos++;
            return new FilterExtensible(start, attribute, dn, rule, ParseValue(allowAsterisk: false));
        }

        // "(cn:dn:=x)" is the dn flag. Without an attribute the grammar requires a rule, so in "(:dn:=x)" the only
        // valid reading is a matching rule named "dn", and that is how it is parsed.
        if (IsDnFlag() && !(attribute is null && _pos + 3 < _text.Length && _text[_pos + 3] == '='))
        {
            dn = true;
            _pos += 3;
            if (!AtEnd && _text[_pos] == '=')
            {
                _pos++;
                return new FilterExtensible(start, attribute, dn, rule, ParseValue(allowAsterisk: false));
            }
        }

        rule = ParseOid("a matching rule (a descriptor or numeric OID)", LdapFilterParseError.InvalidExtensibleMatch);
        if (AtEnd || _text[_pos] != ':')
        {
            throw Error(
                AtEnd ? LdapFilterParseError.UnexpectedEnd : IsWhitespace(_text[_pos]) ? LdapFilterParseError.UnexpectedWhitespace : LdapFilterParseError.InvalidExtensibleMatch,
                "':=' after the matching rule",
                AtEnd ? "the input ended" : $"found {Describe(_text[_pos])}");
        }

        _pos++;
        if (AtEnd || _text[_pos] != '=')
        {
            throw Error(
                AtEnd ? LdapFilterParseError.UnexpectedEnd : LdapFilterParseError.InvalidExtensibleMatch,
                "'=' completing ':='",
                AtEnd ? "the input ended" : $"found {Describe(_text[_pos])}");
        }

        _pos++;
        return new FilterExtensible(start, attribute, dn, rule, ParseValue(allowAsterisk: false));
    }

    /// <summary>At the position after a ':', whether "dn:" follows (case-insensitive, as ABNF strings are).</summary>
    private bool IsDnFlag() =>
        _pos + 2 < _text.Length
        && (_text[_pos] | 0x20) == 'd'
        && (_text[_pos + 1] | 0x20) == 'n'
        && _text[_pos + 2] == ':';

    /// <summary>Reads <c>valueencoding = 0*(normal / escaped)</c> up to a ')' (or a '*' when substrings are allowed).</summary>
    private AssertionValue ParseValue(bool allowAsterisk)
    {
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (AtEnd)
            {
                throw Error(LdapFilterParseError.UnexpectedEnd, "')' closing the filter", "the input ended");
            }

            var c = _text[_pos];
            switch (c)
            {
                case ')':
                    return new AssertionValue([.. bytes]);
                case '*' when allowAsterisk:
                    return new AssertionValue([.. bytes]);
                case '*':
                    throw Error(LdapFilterParseError.UnescapedCharacter, "an assertion value (write '*' as \\2a)", "found an unescaped '*'");
                case '(':
                    throw Error(LdapFilterParseError.UnescapedCharacter, "an assertion value (write '(' as \\28)", "found an unescaped '('");
                case '\\':
                    bytes.Add(ParseEscape());
                    break;
                default:
                    var rune = Rune.GetRuneAt(_text, _pos);
                    var n = rune.EncodeToUtf8(utf8);
                    for (var i = 0; i < n; i++)
                    {
                        bytes.Add(utf8[i]);
                    }

                    _pos += rune.Utf16SequenceLength;
                    break;
            }
        }
    }

    private byte ParseEscape()
    {
        var start = _pos;
        _pos++;
        for (var i = 0; i < 2; i++)
        {
            if (AtEnd || !char.IsAsciiHexDigit(_text[_pos]))
            {
                var found = AtEnd ? "the input ended" : $"found {Describe(_text[_pos])} at position {_pos}";
                throw new LdapFilterParseException(
                    LdapFilterParseError.InvalidEscape, start, "two hexadecimal digits after '\\' (e.g. \\2a)", found);
            }

            _pos++;
        }

        return Convert.FromHexString(_text.AsSpan(start + 1, 2))[0];
    }

    private bool AtEnd => _pos >= _text.Length;

    private void Expect(char expected, LdapFilterParseError error, string what)
    {
        if (AtEnd)
        {
            throw Error(LdapFilterParseError.UnexpectedEnd, what, "the input ended");
        }

        var c = _text[_pos];
        if (c != expected)
        {
            throw Error(IsWhitespace(c) ? LdapFilterParseError.UnexpectedWhitespace : error, what, $"found {Describe(c)}");
        }

        _pos++;
    }

    private LdapFilterParseException Error(LdapFilterParseError error, string expected, string found) =>
        new(error, _pos, expected, found);

    private static bool IsWhitespace(char c) => char.IsWhiteSpace(c);

    private static string Describe(char c) =>
        c switch
        {
            ' ' => "a space",
            '\t' => "a tab",
            '\r' or '\n' => "a line break",
            _ when char.IsWhiteSpace(c) => $"whitespace U+{(int)c:X4}",
            _ when char.IsControl(c) => $"control character U+{(int)c:X4}",
            _ => $"'{c}'",
        };
}
