using System.Text;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Tests.Access;

public class LdapFilterParserTests
{
    private static FilterNode Root(string text) => LdapFilter.Parse(text).Root;

    [Test]
    public void Parse_And_HasItsChildrenInOrder()
    {
        var root = (FilterSet)Root("(&(a=1)(b=2))");
        Assert.That(root.Kind, Is.EqualTo(FilterKind.And));
        Assert.That(root.Children.Select(c => ((FilterComparison)c).Attribute.Type), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Parse_Or_HasItsChildren()
    {
        var root = (FilterSet)Root("(|(a=1)(b=2)(c=3))");
        Assert.That(root.Kind, Is.EqualTo(FilterKind.Or));
        Assert.That(root.Children, Has.Length.EqualTo(3));
    }

    [Test]
    public void Parse_Not_HasExactlyOneChild()
    {
        var root = (FilterNot)Root("(!(a=1))");
        Assert.That(((FilterComparison)root.Child).Value.Text, Is.EqualTo("1"));
    }

    [TestCase("(&)", "And")]
    [TestCase("(|)", "Or")]
    public void Parse_AbsoluteTrueAndFalse_AreEmptySets(string text, string kind)
    {
        var root = (FilterSet)Root(text);
        Assert.That(root.Kind.ToString(), Is.EqualTo(kind));
        Assert.That(root.Children, Is.Empty);
    }

    [TestCase("(cn=Alice)", "Equality", "Alice")]
    [TestCase("(cn~=Alice)", "Approximate", "Alice")]
    [TestCase("(cn>=Alice)", "GreaterOrEqual", "Alice")]
    [TestCase("(cn<=Alice)", "LessOrEqual", "Alice")]
    [TestCase("(cn=)", "Equality", "")]
    [TestCase("(cn=John Smith)", "Equality", "John Smith")]
    [TestCase("(cn= padded )", "Equality", " padded ")]
    [TestCase("(cn=a=b~c>d<e!f&g|h)", "Equality", "a=b~c>d<e!f&g|h")]
    public void Parse_SimpleItem_HasKindAndValue(string text, string kind, string value)
    {
        var item = (FilterComparison)Root(text);
        Assert.That(item.Kind.ToString(), Is.EqualTo(kind));
        Assert.That(item.Attribute.Type, Is.EqualTo("cn"));
        Assert.That(item.Value.Text, Is.EqualTo(value));
    }

    [Test]
    public void Parse_Present_IsAttributeEqualsStar()
    {
        var item = (FilterPresent)Root("(objectClass=*)");
        Assert.That(item.Attribute.Type, Is.EqualTo("objectClass"));
    }

    [TestCase("(cn=a*)", "a", new string[0], null)]
    [TestCase("(cn=*z)", null, new string[0], "z")]
    [TestCase("(cn=a*z)", "a", new string[0], "z")]
    [TestCase("(cn=*m*)", null, new[] { "m" }, null)]
    [TestCase("(cn=a*m*n*z)", "a", new[] { "m", "n" }, "z")]
    [TestCase("(cn=**)", null, new[] { "" }, null)]
    [TestCase("(cn=a**z)", "a", new[] { "" }, "z")]
    public void Parse_Substrings_SplitsInitialAnyAndFinal(string text, string? initial, string[] any, string? final)
    {
        var item = (FilterSubstrings)Root(text);
        Assert.That(item.Initial?.Text, Is.EqualTo(initial));
        Assert.That(item.Any.Select(a => a.Text), Is.EqualTo(any));
        Assert.That(item.Final?.Text, Is.EqualTo(final));
    }

    [TestCase("(cn:=Alice)", "cn", false, null)]
    [TestCase("(cn:dn:=Alice)", "cn", true, null)]
    [TestCase("(cn:DN:=Alice)", "cn", true, null)]
    [TestCase("(cn:caseExactMatch:=Alice)", "cn", false, "caseExactMatch")]
    [TestCase("(cn:dn:2.5.13.5:=Alice)", "cn", true, "2.5.13.5")]
    [TestCase("(:caseExactMatch:=Alice)", null, false, "caseExactMatch")]
    [TestCase("(:dn:2.5.13.5:=Alice)", null, true, "2.5.13.5")]
    [TestCase("(cn:dn:dn:=Alice)", "cn", true, "dn")]
    [TestCase("(:dn:=Alice)", null, false, "dn")]
    [TestCase("(:dn:dn:=Alice)", null, true, "dn")]
    public void Parse_Extensible_ReadsAttributeDnFlagAndRule(string text, string? attribute, bool dn, string? rule)
    {
        var item = (FilterExtensible)Root(text);
        Assert.That(item.Attribute?.Type, Is.EqualTo(attribute));
        Assert.That(item.DnAttributes, Is.EqualTo(dn));
        Assert.That(item.MatchingRule, Is.EqualTo(rule));
        Assert.That(item.Value.Text, Is.EqualTo("Alice"));
    }

    [Test]
    public void Parse_AttributeOptions_AreKeptAsWrittenAndNormalizedForMatching()
    {
        var item = (FilterComparison)Root("(cn;Lang-EN;binary=x)");
        Assert.That(item.Attribute.Type, Is.EqualTo("cn"));
        Assert.That(item.Attribute.Options, Is.EqualTo(new[] { "Lang-EN", "binary" }));
        Assert.That(item.Attribute.NormalizedOptions, Is.EqualTo(new[] { "binary", "lang-en" }));
    }

    [TestCase("(2.5.4.3=Alice)", "2.5.4.3")]
    [TestCase("(0.9.2342.19200300.100.1.1=alice)", "0.9.2342.19200300.100.1.1")]
    [TestCase("(x-custom-1=v)", "x-custom-1")]
    public void Parse_AttributeType_IsDescriptorOrNumericOid(string text, string type)
    {
        Assert.That(((FilterComparison)Root(text)).Attribute.Type, Is.EqualTo(type));
    }

    [TestCase(@"(cn=\28x\29)", "(x)")]
    [TestCase(@"(cn=a\2ab)", "a*b")]
    [TestCase(@"(cn=a\5cb)", @"a\b")]
    [TestCase(@"(cn=\2A)", "*")]
    [TestCase(@"(cn=\c3\a9)", "é")]
    [TestCase(@"(cn=\C3\A9t\C3\A9)", "été")]
    [TestCase(@"(cn=\e2\82\ac)", "€")]
    [TestCase(@"(cn=\f0\9f\98\80)", "😀")]
    [TestCase("(cn=été 😀)", "été 😀")]
    [TestCase(@"(cn=\41lice)", "Alice")]
    public void Parse_Escapes_DecodeToUtf8Octets(string text, string value)
    {
        var item = (FilterComparison)Root(text);
        Assert.That(item.Value.Text, Is.EqualTo(value));
        Assert.That(item.Value.Octets, Is.EqualTo(Encoding.UTF8.GetBytes(value)));
    }

    [Test]
    public void Parse_NulEscape_IsAnOctet()
    {
        var item = (FilterComparison)Root(@"(cn=a\00b)");
        Assert.That(item.Value.Octets, Is.EqualTo(new byte[] { 0x61, 0x00, 0x62 }));
    }

    [Test]
    public void Parse_EscapedOctetsThatAreNotUtf8_AreKeptButHaveNoText()
    {
        var item = (FilterComparison)Root(@"(cn=\ff\c3)");
        Assert.That(item.Value.Octets, Is.EqualTo(new byte[] { 0xFF, 0xC3 }));
        Assert.That(item.Value.Text, Is.Null);
    }

    [Test]
    public void Parse_NestedFilters_AreReadToAnyDepthWithinTheBound()
    {
        var text = "(&(department=finance)(|(title=manager)(title=director))(!(status=disabled)))";
        var root = (FilterSet)Root(text);
        Assert.That(root.Children, Has.Length.EqualTo(3));
        Assert.That(((FilterSet)root.Children[1]).Children, Has.Length.EqualTo(2));
        Assert.That(root.Children[2], Is.InstanceOf<FilterNot>());
    }

    // Every error class, with the 0-based position of the offending character.
    [TestCase("", LdapFilterParseError.UnexpectedEnd, 0)]
    [TestCase("cn=x", LdapFilterParseError.ExpectedOpeningParenthesis, 0)]
    [TestCase("(cn=x", LdapFilterParseError.UnexpectedEnd, 5)]
    [TestCase("(&(cn=x)", LdapFilterParseError.UnexpectedEnd, 8)]
    [TestCase("(&(a=b)(c=d)", LdapFilterParseError.UnexpectedEnd, 12)]
    [TestCase("(", LdapFilterParseError.UnexpectedEnd, 1)]
    [TestCase("(cn=x))", LdapFilterParseError.TrailingInput, 6)]
    [TestCase("(cn=x)(sn=y)", LdapFilterParseError.TrailingInput, 6)]
    [TestCase("(cn=a(b)", LdapFilterParseError.UnescapedCharacter, 5)]
    [TestCase("(cn~=a*)", LdapFilterParseError.UnescapedCharacter, 6)]
    [TestCase("(cn>=*)", LdapFilterParseError.UnescapedCharacter, 5)]
    [TestCase("(cn<=a*b)", LdapFilterParseError.UnescapedCharacter, 6)]
    [TestCase("(cn:=a*b)", LdapFilterParseError.UnescapedCharacter, 6)]
    [TestCase(@"(cn=a\2)", LdapFilterParseError.InvalidEscape, 5)]
    [TestCase(@"(cn=a\zz)", LdapFilterParseError.InvalidEscape, 5)]
    [TestCase(@"(cn=a\", LdapFilterParseError.InvalidEscape, 5)]
    [TestCase(@"(cn=a\g1)", LdapFilterParseError.InvalidEscape, 5)]
    [TestCase("( cn=x)", LdapFilterParseError.UnexpectedWhitespace, 1)]
    [TestCase("(cn =x)", LdapFilterParseError.UnexpectedWhitespace, 3)]
    [TestCase("(& (cn=x))", LdapFilterParseError.UnexpectedWhitespace, 2)]
    [TestCase("(&(cn=x) )", LdapFilterParseError.UnexpectedWhitespace, 8)]
    [TestCase(" (cn=x)", LdapFilterParseError.UnexpectedWhitespace, 0)]
    [TestCase("(cn=x) ", LdapFilterParseError.UnexpectedWhitespace, 6)]
    [TestCase("(!(cn=x) )", LdapFilterParseError.UnexpectedWhitespace, 8)]
    [TestCase("(cn; x=y)", LdapFilterParseError.UnexpectedWhitespace, 4)]
    [TestCase("(!)", LdapFilterParseError.NotRequiresExactlyOneFilter, 2)]
    [TestCase("(!(a=b)(c=d))", LdapFilterParseError.NotRequiresExactlyOneFilter, 7)]
    [TestCase("(!a=b)", LdapFilterParseError.ExpectedOpeningParenthesis, 2)]
    [TestCase("()", LdapFilterParseError.InvalidAttributeDescription, 1)]
    [TestCase("(=x)", LdapFilterParseError.InvalidAttributeDescription, 1)]
    [TestCase("(_cn=x)", LdapFilterParseError.InvalidAttributeDescription, 1)]
    [TestCase("(2=x)", LdapFilterParseError.InvalidAttributeDescription, 2)]
    [TestCase("(2.=x)", LdapFilterParseError.InvalidAttributeDescription, 3)]
    [TestCase("(2.05.4=x)", LdapFilterParseError.InvalidAttributeDescription, 3)]
    [TestCase("(cn;=x)", LdapFilterParseError.InvalidAttributeDescription, 4)]
    [TestCase("(cn)", LdapFilterParseError.ExpectedFilterType, 3)]
    [TestCase("(cn!=x)", LdapFilterParseError.ExpectedFilterType, 3)]
    [TestCase("(cn~x)", LdapFilterParseError.ExpectedFilterType, 4)]
    [TestCase("(cn>x)", LdapFilterParseError.ExpectedFilterType, 4)]
    [TestCase("(cné=x)", LdapFilterParseError.ExpectedFilterType, 3)]
    [TestCase("(:=x)", LdapFilterParseError.InvalidExtensibleMatch, 2)]
    [TestCase("(:dn)", LdapFilterParseError.InvalidExtensibleMatch, 4)]
    [TestCase("(cn:caseExactMatch=x)", LdapFilterParseError.InvalidExtensibleMatch, 18)]
    [TestCase("(cn:caseExactMatch:x)", LdapFilterParseError.InvalidExtensibleMatch, 19)]
    [TestCase("(cn:1.=x)", LdapFilterParseError.InvalidExtensibleMatch, 6)]
    [TestCase("(cn:)", LdapFilterParseError.InvalidExtensibleMatch, 4)]
    [TestCase("(cn:dn:)", LdapFilterParseError.InvalidExtensibleMatch, 7)]
    [TestCase("(cn: x:=y)", LdapFilterParseError.UnexpectedWhitespace, 4)]
    [TestCase("(cn:=x\0)", LdapFilterParseError.InvalidCharacter, 6)]
    [TestCase("(&(a=b)c)", LdapFilterParseError.ExpectedOpeningParenthesis, 7)]
    [TestCase("(!(a=b)", LdapFilterParseError.UnexpectedEnd, 7)]
    public void Parse_InvalidFilter_ThrowsWithClassAndPosition(string text, LdapFilterParseError error, int position)
    {
        var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse(text));
        Assert.That(e!.Error, Is.EqualTo(error), e.Message);
        Assert.That(e.Position, Is.EqualTo(position), e.Message);
        Assert.That(e.Expected, Is.Not.Empty);
        Assert.That(e.Message, Does.Contain($"position {position}"));
    }

    [Test]
    public void Parse_UnpairedSurrogate_IsAnInvalidCharacter()
    {
        // Built in code: attribute arguments cannot carry unpaired surrogates.
        var high = (char)0xD800;
        var low = (char)0xDC00;
        foreach (var (text, position) in new[] { ($"(cn={high})", 4), ($"(cn=x{low}y)", 5), ($"(cn={low}{high})", 4) })
        {
            var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse(text));
            Assert.That(e!.Error, Is.EqualTo(LdapFilterParseError.InvalidCharacter));
            Assert.That(e.Position, Is.EqualTo(position));
        }
    }

    [Test]
    public void Parse_Error_MessageSaysWhatWasExpected()
    {
        var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse("(cn=a(b)"));
        Assert.That(e!.Message, Is.EqualTo("Invalid LDAP filter at position 5: expected an assertion value (write '(' as \\28); found an unescaped '('."));
    }

    [Test]
    public void Parse_LongerThanMaxLength_IsRefusedAtTheFirstByteOverTheLimit()
    {
        var options = new LdapFilterParseOptions { MaxLength = 10 };
        Assert.That(LdapFilter.Parse("(cn=12345)", options).ToString(), Is.EqualTo("(cn=12345)"));
        var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse("(cn=123456)", options));
        Assert.That(e!.Error, Is.EqualTo(LdapFilterParseError.TooLong));
        Assert.That(e.Position, Is.EqualTo(10));
    }

    [Test]
    public void Parse_MaxLength_CountsUtf8Bytes()
    {
        var options = new LdapFilterParseOptions { MaxLength = 10 };
        var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse("(cn=éééé)", options));
        Assert.That(e!.Error, Is.EqualTo(LdapFilterParseError.TooLong));
        Assert.That(e.Position, Is.EqualTo(7));
    }

    [Test]
    public void Parse_DefaultMaxLength_Is8KiB()
    {
        var ok = "(cn=" + new string('a', 8192 - 5) + ")";
        Assert.That(() => LdapFilter.Parse(ok), Throws.Nothing);
        var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse("(cn=" + new string('a', 8192 - 4) + ")"));
        Assert.That(e!.Error, Is.EqualTo(LdapFilterParseError.TooLong));
    }

    [Test]
    public void Parse_DeeperThanMaxDepth_IsRefusedAtTheOpeningParenthesis()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("(!", depth - 1)) + "(a=b)" + new string(')', depth - 1);
        Assert.That(() => LdapFilter.Parse(Nested(32)), Throws.Nothing);
        var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse(Nested(33)));
        Assert.That(e!.Error, Is.EqualTo(LdapFilterParseError.TooDeep));
        Assert.That(e.Position, Is.EqualTo(64));
        var custom = new LdapFilterParseOptions { MaxDepth = 2 };
        Assert.That(() => LdapFilter.Parse("(&(a=b))", custom), Throws.Nothing);
        Assert.That(() => LdapFilter.Parse("(&(!(a=b)))", custom), Throws.TypeOf<LdapFilterParseException>());
    }

    [Test]
    public void Parse_NonPositiveBounds_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LdapFilter.Parse("(a=b)", new LdapFilterParseOptions { MaxLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LdapFilter.Parse("(a=b)", new LdapFilterParseOptions { MaxDepth = 0 }));
    }

    [Test]
    public void Parse_OptionsOnPresenceSubstringsAndExtensibleItems()
    {
        Assert.That(((FilterPresent)Root("(cn;lang-en=*)")).Attribute.Options, Is.EqualTo(new[] { "lang-en" }));
        Assert.That(((FilterSubstrings)Root("(cn;lang-en=a*)")).Attribute.Options, Is.EqualTo(new[] { "lang-en" }));
        var extensible = (FilterExtensible)Root("(2.5.4.3;lang-en:dn:2.5.13.5:=x)");
        Assert.That(extensible.Attribute!.ToString(), Is.EqualTo("2.5.4.3;lang-en"));
        Assert.That(extensible.DnAttributes, Is.True);
        Assert.That(extensible.MatchingRule, Is.EqualTo("2.5.13.5"));
    }
}
