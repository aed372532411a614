using Ocap.Workflow.Access;
using static Ocap.Workflow.Tests.Access.AccessTestSupport;

namespace Ocap.Workflow.Tests.Access;

public class LdapFilterEvaluationTests
{
    private const LdapFilterResult T = LdapFilterResult.True;
    private const LdapFilterResult F = LdapFilterResult.False;
    private const LdapFilterResult U = LdapFilterResult.Undefined;

    private static readonly AccessPrincipal Alice = Principal(
        A("cn", "Alice Smith"),
        A("department", "Finance"),
        A("title", "Manager"),
        A("level", "7"),
        A("memberOf", "cn=Approvers,ou=Groups,dc=example,dc=com", "cn=Staff,ou=Groups,dc=example,dc=com"));

    [Test]
    public void Evaluate_IssueExample_IsTrueForAFinanceManager()
    {
        Assert.That(Eval("(&(department=finance)(|(title=manager)(title=director))(!(status=disabled)))", Alice), Is.EqualTo(T));
    }

    [Test]
    public void Evaluate_IssueExample_IsFalseForADisabledManager()
    {
        var disabled = Principal(A("department", "finance"), A("title", "manager"), A("status", "Disabled"));
        Assert.That(Eval("(&(department=finance)(|(title=manager)(title=director))(!(status=disabled)))", disabled), Is.EqualTo(F));
    }

    [Test]
    public void Evaluate_KnownAttributeThePrincipalLacks_IsFalse()
    {
        Assert.That(Eval("(title=director)", Principal()), Is.EqualTo(F));
        Assert.That(Eval("(!(title=director))", Principal()), Is.EqualTo(T));
    }

    [Test]
    public void Evaluate_UnknownAttribute_IsUndefined()
    {
        Assert.That(Eval("(favouriteColour=blue)", Alice), Is.EqualTo(U));
    }

    [Test]
    public void Evaluate_NotOfUndefined_IsUndefined()
    {
        Assert.That(Eval("(!(favouriteColour=blue))", Alice), Is.EqualTo(U));
        Assert.That(Eval("(!(!(favouriteColour=blue)))", Alice), Is.EqualTo(U));
    }

    // The RFC 4511 truth tables: & is FALSE if any FALSE, else UNDEFINED if any UNDEFINED; | dually.
    [TestCase("(&(cn=Alice Smith)(x=1))", U)]
    [TestCase("(&(cn=Bob)(x=1))", F)]
    [TestCase("(&(x=1)(cn=Bob))", F)]
    [TestCase("(&(cn=Alice Smith)(title=manager))", T)]
    [TestCase("(|(cn=Alice Smith)(x=1))", T)]
    [TestCase("(|(x=1)(cn=Alice Smith))", T)]
    [TestCase("(|(cn=Bob)(x=1))", U)]
    [TestCase("(|(cn=Bob)(title=director))", F)]
    [TestCase("(!(&(cn=Bob)(x=1)))", T)]
    [TestCase("(!(|(cn=Bob)(x=1)))", U)]
    [TestCase("(&(!(x=1))(cn=Alice Smith))", U)]
    [TestCase("(|(!(x=1))(!(cn=Alice Smith)))", U)]
    [TestCase("(|(!(x=1))(!(cn=Bob)))", T)]
    [TestCase("(&(|(x=1)(cn=Alice Smith))(!(&(x=2)(cn=Bob))))", T)]
    [TestCase("(&)", T)]
    [TestCase("(|)", F)]
    [TestCase("(!(&))", F)]
    [TestCase("(!(|))", T)]
    [TestCase("(&(&)(|(&)))", T)]
    public void Evaluate_ThreeValuedLogic_FollowsRfc4511(string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Alice), Is.EqualTo(expected));
    }

    [Test]
    public void Evaluate_MultiValuedAttribute_MatchesWhenAnyValueMatches()
    {
        Assert.That(Eval("(memberOf=CN=Staff,OU=Groups,DC=example,DC=com)", Alice), Is.EqualTo(T));
        Assert.That(Eval("(memberOf=cn=Admins,ou=Groups,dc=example,dc=com)", Alice), Is.EqualTo(F));
    }

    [Test]
    public void Evaluate_OneInvalidValueAndNoMatch_IsUndefined_ButAMatchingValueWins()
    {
        var p = Principal(A("level", "high", "3"));
        Assert.That(Eval("(level=3)", p), Is.EqualTo(T));
        Assert.That(Eval("(level=4)", p), Is.EqualTo(U));
        Assert.That(Eval("(!(level=4))", p), Is.EqualTo(U));
    }

    [Test]
    public void Evaluate_InvalidAssertionValueForSyntax_IsUndefined()
    {
        Assert.That(Eval("(level=seven)", Alice), Is.EqualTo(U));
        Assert.That(Eval("(!(level=seven))", Alice), Is.EqualTo(U));
        Assert.That(Eval("(memberOf=not a dn)", Alice), Is.EqualTo(U));
    }

    [Test]
    public void Evaluate_RuleTheAttributeLacks_IsUndefined()
    {
        Assert.That(Eval("(memberOf=cn=Staff*)", Alice), Is.EqualTo(U), "DN has no substrings rule");
        Assert.That(Eval("(cn>=A)", Alice), Is.EqualTo(U), "cn has no ordering rule (RFC 4519)");
        Assert.That(Eval("(memberOf>=cn=a)", Alice), Is.EqualTo(U), "DN has no ordering rule");
    }

    [Test]
    public void Evaluate_Presence_IsTrueWhenTheAttributeHasValues()
    {
        Assert.That(Eval("(cn=*)", Alice), Is.EqualTo(T));
        Assert.That(Eval("(mail=*)", Alice), Is.EqualTo(F));
        Assert.That(Eval("(CN=*)", Alice), Is.EqualTo(T));
        Assert.That(Eval("(2.5.4.3=*)", Alice), Is.EqualTo(T));
    }

    [Test]
    public void Evaluate_PresenceOfAnUnknownAttribute_IsDecidedByName()
    {
        var p = Principal(A("favouriteColour", "blue"));
        Assert.That(Eval("(favouriteColour=*)", p), Is.EqualTo(T));
        Assert.That(Eval("(FAVOURITECOLOUR=*)", p), Is.EqualTo(T));
        Assert.That(Eval("(shoeSize=*)", p), Is.EqualTo(F));
        Assert.That(Eval("(favouriteColour=blue)", p), Is.EqualTo(U));
    }

    [Test]
    public void Evaluate_AttributeNamedByAliasOrOid_IsTheSameType()
    {
        Assert.That(Eval("(commonName=alice smith)", Alice), Is.EqualTo(T));
        Assert.That(Eval("(2.5.4.3=ALICE SMITH)", Alice), Is.EqualTo(T));
        var p = Principal(A("2.5.4.4", "Smith"));
        Assert.That(Eval("(sn=smith)", p), Is.EqualTo(T));
        Assert.That(Eval("(surname=smith)", p), Is.EqualTo(T));
    }

    [Test]
    public void Evaluate_Supertype_MatchesItsSubtypes()
    {
        Assert.That(Eval("(name=alice smith)", Alice), Is.EqualTo(T), "cn is a subtype of name");
        Assert.That(Eval("(name=manager)", Alice), Is.EqualTo(T), "title is a subtype of name");
        Assert.That(Eval("(name=finance)", Alice), Is.EqualTo(F), "department is not");
        var p = Principal(A("member", "cn=Bob,o=Example"));
        Assert.That(Eval("(distinguishedName=cn=bob,o=example)", p), Is.EqualTo(T));
        Assert.That(Eval("(member=*)", Principal(A("seeAlso", "cn=x"))), Is.EqualTo(F), "a subtype does not match a sibling");
    }

    [Test]
    public void Evaluate_Options_FilterOptionsMustBeASubsetOfTheValueOptions()
    {
        var p = Principal(A("cn", "Alice"), A("cn;lang-de", "Alicia"), A("cn;lang-de;phonetic", "A-li-tsi-a"));
        Assert.That(Eval("(cn=Alicia)", p), Is.EqualTo(T), "no options: all cn values");
        Assert.That(Eval("(cn;lang-de=Alicia)", p), Is.EqualTo(T));
        Assert.That(Eval("(cn;LANG-DE=alicia)", p), Is.EqualTo(T), "options are case-insensitive");
        Assert.That(Eval("(cn;lang-de=Alice)", p), Is.EqualTo(F));
        Assert.That(Eval("(cn;phonetic;lang-de=a-li-tsi-a)", p), Is.EqualTo(T), "order of options does not matter");
        Assert.That(Eval("(cn;lang-fr=*)", p), Is.EqualTo(F));
        Assert.That(Eval("(cn;lang-de=*)", p), Is.EqualTo(T));
    }

    [Test]
    public void Evaluate_PrincipalFromAnotherSchema_IsRefused()
    {
        var other = AccessPrincipal.Create(AttributeSchema.Default, PrincipalAttributes.Empty);
        var filter = LdapFilter.Parse("(cn=x)").Compile(Schema);
        Assert.Throws<ArgumentException>(() => filter.Evaluate(other));
    }

    [Test]
    public void IsSatisfiedBy_GrantsOnlyOnTrue()
    {
        Assert.That(LdapFilter.Parse("(title=manager)").Compile(Schema).IsSatisfiedBy(Alice), Is.True);
        Assert.That(LdapFilter.Parse("(title=director)").Compile(Schema).IsSatisfiedBy(Alice), Is.False);
        Assert.That(LdapFilter.Parse("(!(favouriteColour=blue))").Compile(Schema).IsSatisfiedBy(Alice), Is.False);
    }
}
