using System.Text;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Expressions.Feel;

/// <summary>String built-ins. Positions and lengths count Unicode code points, as the specification says.</summary>
internal static partial class Builtins
{
    private static void AddStrings(Registrar add)
    {
        add("substring", ["string", "start position", "length"], 2, static (a, ref _) =>
        {
            if (!Str(a[0], out var s) || !Int(a[1], out var start) || (Has(a, 2) && !a[2].IsNull && !Int(a[2], out var _)))
            {
                return Value.Null;
            }

            var runes = Runes(s);
            var from = start > 0 ? start - 1 : runes.Length + start;
            if (start == 0 || from < 0)
            {
                return Value.Null;
            }

            if (from >= runes.Length)
            {
                return Value.Str(string.Empty);
            }

            var length = Has(a, 2) && !a[2].IsNull ? (int)a[2].Number : runes.Length - from;
            if (length < 0)
            {
                return Value.Null;
            }

            length = Math.Min(length, runes.Length - from);
            return Value.Str(Join(runes.AsSpan(from, length)));
        });
        add("string length", ["string"], 1, static (a, ref _) => Str(a[0], out var s) ? Value.Num(CountRunes(s)) : Value.Null);
        add("upper case", ["string"], 1, static (a, ref _) => Str(a[0], out var s) ? Value.Str(UpperCase(s)) : Value.Null);
        add("lower case", ["string"], 1, static (a, ref _) => Str(a[0], out var s) ? Value.Str(s.ToLowerInvariant()) : Value.Null);
        add("substring before", ["string", "match"], 2, static (a, ref _) =>
        {
            if (!Str(a[0], out var s) || !Str(a[1], out var m))
            {
                return Value.Null;
            }

            var i = s.IndexOf(m, StringComparison.Ordinal);
            return Value.Str(i < 0 ? string.Empty : s[..i]);
        });
        add("substring after", ["string", "match"], 2, static (a, ref _) =>
        {
            if (!Str(a[0], out var s) || !Str(a[1], out var m))
            {
                return Value.Null;
            }

            var i = s.IndexOf(m, StringComparison.Ordinal);
            return Value.Str(i < 0 ? string.Empty : s[(i + m.Length)..]);
        });
        add("contains", ["string", "match"], 2, static (a, ref _) =>
            Str(a[0], out var s) && Str(a[1], out var m) ? Value.Bool(s.Contains(m, StringComparison.Ordinal)) : Value.Null);
        add("starts with", ["string", "match"], 2, static (a, ref _) =>
            Str(a[0], out var s) && Str(a[1], out var m) ? Value.Bool(s.StartsWith(m, StringComparison.Ordinal)) : Value.Null);
        add("ends with", ["string", "match"], 2, static (a, ref _) =>
            Str(a[0], out var s) && Str(a[1], out var m) ? Value.Bool(s.EndsWith(m, StringComparison.Ordinal)) : Value.Null);
        add("matches", ["input", "pattern", "flags"], 2, static (a, ref env) =>
        {
            if (!Str(a[0], out var s) || !Str(a[1], out var p) || !TryRegex(p, Arg(a, 2), ref env, out var regex))
            {
                return Value.Null;
            }

            return Value.Bool(RunRegex(() => regex.IsMatch(s), ref env));
        });
        add("replace", ["input", "pattern", "replacement", "flags"], 3, static (a, ref env) =>
        {
            if (!Str(a[0], out var s) || !Str(a[1], out var p) || !Str(a[2], out var r) || !TryRegex(p, Arg(a, 3), ref env, out var regex))
            {
                return Value.Null;
            }

            var result = RunRegex(() => regex.Replace(s, r), ref env);
            env.CheckStringLength(result.Length);
            return Value.Str(result);
        });
        add("split", ["string", "delimiter"], 2, static (a, ref env) =>
        {
            if (!Str(a[0], out var s) || !Str(a[1], out var d) || d.Length == 0 || !TryRegex(d, Value.Null, ref env, out var regex))
            {
                return Value.Null;
            }

            var parts = RunRegex(() => regex.Split(s), ref env);
            env.CheckListSize(parts.Length);
            return Value.List([.. parts.Select(Value.Str)]);
        });
        // DMN's string join(list, delimiter), with Camunda's optional prefix and suffix.
        add("string join", ["list", "delimiter", "prefix", "suffix"], 1, static (a, ref env) =>
        {
            if (a[0].Kind != ValueKind.List)
            {
                return Value.Null;
            }

            var delimiter = string.Empty;
            var prefix = string.Empty;
            var suffix = string.Empty;
            if ((Has(a, 1) && !a[1].IsNull && !Str(a[1], out delimiter))
                || (Has(a, 2) && !a[2].IsNull && !Str(a[2], out prefix))
                || (Has(a, 3) && !a[3].IsNull && !Str(a[3], out suffix)))
            {
                return Value.Null;
            }

            var sb = new StringBuilder(prefix);
            var first = true;
            foreach (var item in a[0].AsList)
            {
                if (item.IsNull)
                {
                    continue;
                }

                if (item.Kind != ValueKind.String)
                {
                    return Value.Null;
                }

                if (!first)
                {
                    sb.Append(delimiter);
                }

                first = false;
                sb.Append(item.AsString);
                env.CheckStringLength(sb.Length);
            }

            sb.Append(suffix);
            env.CheckStringLength(sb.Length);
            return Value.Str(sb.ToString());
        });
    }

    /// <summary>
    /// Upper case with Unicode's full mappings for the characters that expand (ß → SS, ﬁ → FI), as XPath's
    /// fn:upper-case requires; <see cref="string.ToUpperInvariant"/> only does the one-to-one mappings.
    /// </summary>
    private static string UpperCase(string s)
    {
        var upper = s.ToUpperInvariant();
        if (!upper.AsSpan().ContainsAny("\u00DF\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06\u0149"))
        {
            return upper;
        }

        var sb = new StringBuilder(upper.Length + 4);
        foreach (var c in upper)
        {
            sb.Append(c switch
            {
                '\u00DF' => "SS",
                '\uFB00' => "FF",
                '\uFB01' => "FI",
                '\uFB02' => "FL",
                '\uFB03' => "FFI",
                '\uFB04' => "FFL",
                '\uFB05' or '\uFB06' => "ST",
                '\u0149' => "\u02BCN",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static Rune[] Runes(string s) => [.. s.EnumerateRunes()];

    private static int CountRunes(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static string Join(ReadOnlySpan<Rune> runes)
    {
        var sb = new StringBuilder(runes.Length);
        foreach (var r in runes)
        {
            sb.Append(r.ToString());
        }

        return sb.ToString();
    }

    private static bool TryRegex(string pattern, Value flags, ref Env env, out Regex regex)
    {
        regex = null!;
        var options = RegexOptions.CultureInvariant;
        if (!flags.IsNull)
        {
            if (flags.Kind != ValueKind.String)
            {
                return false;
            }

            foreach (var f in flags.AsString)
            {
                switch (f)
                {
                    case 'i': options |= RegexOptions.IgnoreCase; break;
                    case 's': options |= RegexOptions.Singleline; break;
                    case 'm': options |= RegexOptions.Multiline; break;
                    case 'x': options |= RegexOptions.IgnorePatternWhitespace; break;
                    case 'q': pattern = Regex.Escape(pattern); break;
                    default: return false;
                }
            }
        }

        try
        {
            regex = new Regex(pattern, options, env.Options.RegexTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static T RunRegex<T>(Func<T> run, ref Env env)
    {
        try
        {
            return run();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new FeelLimitExceededException(FeelLimit.RegexTime, env.Options.RegexTimeout);
        }
    }
}
