using System.Text;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Tests.Access;

public class LdapFilterRoundTripTests
{
    [TestCase("(cn=Alice)", "(cn=Alice)")]
    [TestCase(@"(cn=\41lice)", "(cn=Alice)")]
    [TestCase(@"(cn=\28\29\2A\5C\00)", @"(cn=\28\29\2a\5c\00)")]
    [TestCase(@"(cn=\c3\a9)", "(cn=é)")]
    [TestCase(@"(cn=\ff\c3x)", @"(cn=\ff\c3x)")]
    [TestCase("(cn=tab\there)", @"(cn=tab\09here)")]
    [TestCase(@"(cn=\7f)", @"(cn=\7f)")]
    [TestCase("(&(a=1)(|(b=2)(!(c=3))))", "(&(a=1)(|(b=2)(!(c=3))))")]
    [TestCase("(&)", "(&)")]
    [TestCase("(|)", "(|)")]
    [TestCase("(CN;Lang-EN=x)", "(CN;Lang-EN=x)")]
    [TestCase("(2.5.4.3=*)", "(2.5.4.3=*)")]
    [TestCase("(cn=a*b*c*d)", "(cn=a*b*c*d)")]
    [TestCase("(cn=**)", "(cn=**)")]
    [TestCase("(cn=*a**)", "(cn=*a**)")]
    [TestCase("(cn:DN:caseExactMatch:=x)", "(cn:dn:caseExactMatch:=x)")]
    [TestCase("(:dn:2.5.13.5:=x)", "(:dn:2.5.13.5:=x)")]
    [TestCase("(cn>=a)(", null)]
    public void Print_UsesCanonicalEscapes(string text, string? printed)
    {
        if (printed is null)
        {
            Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse(text));
            return;
        }

        var filter = LdapFilter.Parse(text);
        Assert.That(filter.ToString(), Is.EqualTo(printed));
        Assert.That(LdapFilter.Parse(filter.ToString()), Is.EqualTo(filter));
    }

    [Test]
    public void Equality_IsStructural()
    {
        Assert.That(LdapFilter.Parse(@"(cn=\41)"), Is.EqualTo(LdapFilter.Parse("(cn=A)")));
        Assert.That(LdapFilter.Parse("(cn=A)"), Is.Not.EqualTo(LdapFilter.Parse("(cn=a)")));
        Assert.That(LdapFilter.Parse("(cn=A*)"), Is.Not.EqualTo(LdapFilter.Parse(@"(cn=A\2a)")));
        Assert.That(LdapFilter.Parse("(&(a=1)(b=2))"), Is.Not.EqualTo(LdapFilter.Parse("(&(b=2)(a=1))")));
        Assert.That(LdapFilter.Parse("(a=1)").GetHashCode(), Is.EqualTo(LdapFilter.Parse(@"(a=\31)").GetHashCode()));
    }

    // Property: for random filters over every production and arbitrary octets, parse(print(f)) equals f,
    // and printing is a fixed point.
    [Test]
    public void RoundTrip_RandomFilters_ParsePrintParseGivesTheSameFilter()
    {
        var random = new Random(4515);
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomFilter(random, 0);
            var first = LdapFilter.Parse(text);
            var printed = first.ToString();
            var second = LdapFilter.Parse(printed);
            Assert.That(second, Is.EqualTo(first), $"{text} printed as {printed}");
            Assert.That(second.ToString(), Is.EqualTo(printed));
        }
    }

    private static readonly string[] Types = ["cn", "CN", "memberOf", "2.5.4.3", "x-a1", "level"];
    private static readonly string[] Unicode = ["é", "€", "😀", "\u00A0"];
    private static readonly string Punctuation = " \t=~<>!&|:;";
    private static readonly string[] Rules = ["caseExactMatch", "2.5.13.5", "dn", "integerMatch"];

    private static string RandomFilter(Random random, int depth)
    {
        var choice = depth >= 5 ? random.Next(3, 10) : random.Next(0, 10);
        switch (choice)
        {
            case 0:
                return "(&" + string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomFilter(random, depth + 1))) + ")";
            case 1:
                return "(|" + string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomFilter(random, depth + 1))) + ")";
            case 2:
                return "(!" + RandomFilter(random, depth + 1) + ")";
            case 3:
                return "(" + RandomAttribute(random) + "=*)";
            case 4:
                {
                    var parts = Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next(3) == 0 ? string.Empty : RandomValue(random));
                    var joined = string.Join("*", parts);
                    return joined == "*" ? "(cn=a*)" : "(" + RandomAttribute(random) + "=" + joined + ")";
                }

            case 5:
                {
                    var attribute = random.Next(3) == 0 ? string.Empty : RandomAttribute(random);
                    var dn = random.Next(2) == 0 ? ":dn" : string.Empty;
                    var rule = attribute.Length == 0 || random.Next(2) == 0 ? ":" + Rules[random.Next(Rules.Length)] : string.Empty;
                    return "(" + attribute + dn + rule + ":=" + RandomValue(random) + ")";
                }

            default:
                {
                    var op = new[] { "=", "~=", ">=", "<=" }[random.Next(4)];
                    var value = RandomValue(random);
                    return "(" + RandomAttribute(random) + op + (op == "=" && value.Length == 0 ? "x" : value) + ")";
                }
        }
    }

    private static string RandomAttribute(Random random)
    {
        var type = Types[random.Next(Types.Length)];
        return random.Next(4) == 0 ? type + ";lang-" + (char)('a' + random.Next(26)) : type;
    }

    private static string RandomValue(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 6);
        for (var i = 0; i < length; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                    builder.Append('\\').Append(random.Next(256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case 1:
                    builder.Append(Unicode[random.Next(Unicode.Length)]);
                    break;
                case 2:
                    builder.Append(Punctuation[random.Next(Punctuation.Length)]);
                    break;
                default:
                    builder.Append((char)('a' + random.Next(26)));
                    break;
            }
        }

        return builder.ToString();
    }
}
