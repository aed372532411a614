using Ocap.Workflow.Access;
using static Ocap.Workflow.Tests.Access.AccessTestSupport;

namespace Ocap.Workflow.Tests.Access;

public class MatchingRuleTests
{
    private const LdapFilterResult T = LdapFilterResult.True;
    private const LdapFilterResult F = LdapFilterResult.False;
    private const LdapFilterResult U = LdapFilterResult.Undefined;

    // caseIgnoreMatch with RFC 4518 preparation.
    [TestCase("Alice Smith", "(cn=alice smith)", T)]
    [TestCase("Alice Smith", "(cn=ALICE SMITH)", T)]
    [TestCase("Alice Smith", "(cn=  Alice    Smith  )", T)]
    [TestCase("  Alice\tSmith ", "(cn=alice smith)", T)]
    [TestCase("Alice\u00A0Smith", "(cn=alice smith)", T)]
    [TestCase("Alice Smith", "(cn=AliceSmith)", F)]
    [TestCase("Alice Smith", "(cn=Alice Smit)", F)]
    [TestCase("Stra\u00DFe", "(cn=STRASSE)", T)]
    [TestCase("\u03A3\u03BF\u03C6\u03CA\u03B1", "(cn=\u03C3\u03BF\u03C6\u03CA\u03B1)", T)]
    [TestCase("\uFB01nance", "(cn=finance)", T)]
    [TestCase("e\u0301t\u00E9", "(cn=\u00E9T\u00C9)", T)]
    [TestCase("soft\u00ADhyphen", "(cn=softhyphen)", T)]
    [TestCase("zero\u200Bwidth", "(cn=zerowidth)", T)]
    [TestCase("\u2163", "(cn=iv)", T)]
    [TestCase("caf\u00E9", "(cn=cafe)", F)]
    [TestCase("   ", "(cn= )", T)]
    [TestCase("x", "(cn=)", U)]
    [TestCase("x", "(cn=\\ee\\80\\80)", U)]
    [TestCase("x", "(cn=\\ef\\bf\\bd)", U)]
    [TestCase("x", "(cn=\\ff)", U)]
    public void CaseIgnoreMatch_PreparesBothSidesPerRfc4518(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("cn", value))), Is.EqualTo(expected));
    }

    [Test]
    public void CaseIgnoreMatch_ValueWithAProhibitedCharacter_IsUndefined()
    {
        Assert.That(Eval("(cn=x)", Principal(A("cn", "private\uE000use"))), Is.EqualTo(U));
        Assert.That(Eval("(cn=x)", Principal(A("cn", ""))), Is.EqualTo(U), "Directory String is 1*UTF8");
    }

    // caseIgnoreSubstringsMatch, including the RFC 4518 treatment of spaces in substring components.
    [TestCase("John Smith", "(cn=john*)", T)]
    [TestCase("John Smith", "(cn=*SMITH)", T)]
    [TestCase("John Smith", "(cn=*n s*)", T)]
    [TestCase("John Smith", "(cn=*N   S*)", T)]
    [TestCase("John Smith", "(cn=j*h*s*h)", T)]
    [TestCase("John Smith", "(cn=John *)", T)]
    [TestCase("Johnny Smith", "(cn=John *)", F)]
    [TestCase("Johnny Smith", "(cn=John*)", T)]
    [TestCase("John Smith", "(cn=* Smith)", T)]
    [TestCase("John Goldsmith", "(cn=* Smith)", F)]
    [TestCase("John Goldsmith", "(cn=*smith)", T)]
    [TestCase("John", "(cn=John*John)", F)]
    [TestCase("JohnJohn", "(cn=John*John)", T)]
    [TestCase("abcabc", "(cn=*bc*ab*)", T)]
    [TestCase("abc", "(cn=a*bc*c)", F)]
    [TestCase("abc", "(cn=a*b*c)", T)]
    [TestCase("Stra\u00DFe", "(cn=*SS*)", T)]
    [TestCase("abc", "(cn=**)", U)]
    [TestCase("abc", "(cn=a**c)", U)]
    public void CaseIgnoreSubstringsMatch_MatchesInitialAnyAndFinalInOrder(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("cn", value))), Is.EqualTo(expected));
    }

    [TestCase("Alice", "(badge=Alice)", T)]
    [TestCase("Alice", "(badge=alice)", F)]
    [TestCase("  Alice  ", "(badge=Alice)", T)]
    [TestCase("Alice Smith", "(badge=Ali*Sm*)", T)]
    [TestCase("Alice Smith", "(badge=ali*)", F)]
    [TestCase("b", "(badge>=a)", T)]
    [TestCase("B", "(badge>=a)", F)]
    [TestCase("a", "(badge<=a)", T)]
    public void CaseExactMatch_IsCaseSensitiveWithInsignificantSpaces(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("badge", value))), Is.EqualTo(expected));
    }

    [TestCase("m", "(status>=M)", T)]
    [TestCase("l", "(status>=M)", F)]
    [TestCase("l", "(status<=M)", T)]
    [TestCase("\uFA0E", "(status>=\U0001F600)", F)]
    [TestCase("\U0001F600", "(status>=\uFA0E)", T)]
    [TestCase("\uFA0E", "(status<=\U0001F600)", T)]
    public void CaseIgnoreOrderingMatch_UsesCodePointOrder(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("status", value))), Is.EqualTo(expected));
    }

    [TestCase("Alice@Example.COM", "(mail=alice@example.com)", T)]
    [TestCase("alice@example.com", "(mail=*@EXAMPLE.com)", T)]
    [TestCase("alice@example.com", "(mail=bob@example.com)", F)]
    [TestCase("alice@example.com", "(mail=al\u00EFce@example.com)", U)]
    [TestCase("al\u00EFce@example.com", "(mail=alice@example.com)", U)]
    [TestCase("alice@example.com", "(mail>=a)", U)]
    public void CaseIgnoreIA5Match_IsAsciiCaseInsensitiveAndRefusesNonAscii(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("mail", value))), Is.EqualTo(expected));
    }

    [TestCase("+1 555-0100", "(telephoneNumber=+15550100)", T)]
    [TestCase("+1 (555) 0100", "(telephoneNumber=+1 \\28555\\290100)", T)]
    [TestCase("+1 555-0100", "(telephoneNumber=*5550*)", T)]
    [TestCase("+1 555-0100", "(telephoneNumber=+1555*)", T)]
    [TestCase("+1 555-0100", "(telephoneNumber=+15550101)", F)]
    [TestCase("+1 555-0100", "(telephoneNumber=\u260E)", U)]
    public void TelephoneNumberMatch_IgnoresSpacesAndHyphens(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("telephoneNumber", value))), Is.EqualTo(expected));
    }

    [TestCase("cn=Approvers,ou=Groups,dc=example,dc=com", "(memberOf=CN=approvers, OU=groups, DC=Example, DC=COM)", T)]
    [TestCase("cn=Approvers,ou=Groups,dc=example,dc=com", "(memberOf=commonName=APPROVERS,organizationalUnitName=Groups,domainComponent=example,0.9.2342.19200300.100.1.25=com)", T)]
    [TestCase("cn=Approvers,ou=Groups,dc=example,dc=com", "(memberOf=2.5.4.3=approvers,ou=groups,dc=example,dc=com)", T)]
    [TestCase("cn=Approvers,ou=Groups,dc=example,dc=com", "(memberOf=ou=Groups,cn=Approvers,dc=example,dc=com)", F)]
    [TestCase("cn=Approvers,ou=Groups,dc=example,dc=com", "(memberOf=cn=Approvers,ou=Groups,dc=example)", F)]
    [TestCase("cn=Approvers,ou=Groups,dc=example,dc=com", "(memberOf=cn=Approvers  ,ou=Groups,dc=example,dc=com)", T)]
    [TestCase("cn=A+uid=a1,o=X", "(memberOf=UID=A1+CN=a,o=x)", T)]
    [TestCase("cn=A+uid=a1,o=X", "(memberOf=cn=a,o=x)", F)]
    [TestCase("cn=Smith\\, John,o=X", "(memberOf=cn=smith\\5c\\2c john,o=x)", T)]
    [TestCase("cn=Smith\\2C John,o=X", "(memberOf=CN=SMITH\\5c, JOHN,O=X)", T)]
    [TestCase("cn=Ren\\C3\\A9,o=X", "(memberOf=cn=REN\u00C9,o=x)", T)]
    [TestCase("cn=A   B,o=X", "(memberOf=cn=a b,o=x)", T)]
    [TestCase("", "(memberOf=)", T)]
    [TestCase("cn=A,o=X", "(memberOf=cn=A,frobnicator=X)", U)]
    [TestCase("cn=A,frobnicator=X", "(memberOf=cn=A,o=X)", U)]
    [TestCase("cn=A,o=X", "(memberOf=cn=#4142,o=X)", U)]
    [TestCase("cn=A,o=X", "(memberOf=cn=A;o=X)", U)]
    [TestCase("cn=A,o=X", "(memberOf=cn=A,o=X*)", U)]
    public void DistinguishedNameMatch_ComparesRdnWise(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("memberOf", value))), Is.EqualTo(expected));
    }

    [TestCase("7", "(level=7)", T)]
    [TestCase("7", "(level=07)", U)]
    [TestCase("7", "(level=+7)", U)]
    [TestCase("-0", "(level=0)", U)]
    [TestCase("7", "(level=7.0)", U)]
    [TestCase("7", "(level>=5)", T)]
    [TestCase("7", "(level>=7)", T)]
    [TestCase("7", "(level>=8)", F)]
    [TestCase("7", "(level<=7)", T)]
    [TestCase("7", "(level<=10)", T)]
    [TestCase("-10", "(level<=-9)", T)]
    [TestCase("-10", "(level>=-9)", F)]
    [TestCase("-5", "(level>=0)", F)]
    [TestCase("123456789012345678901234567890", "(level>=123456789012345678901234567889)", T)]
    [TestCase("123456789012345678901234567890", "(level=123456789012345678901234567890)", T)]
    [TestCase("7", "(level~=7)", T)]
    [TestCase("7", "(level=*7*)", U)]
    public void IntegerMatch_AndIntegerOrderingMatch(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("level", value))), Is.EqualTo(expected));
    }

    [TestCase("TRUE", "(active=TRUE)", T)]
    [TestCase("FALSE", "(active=TRUE)", F)]
    [TestCase("TRUE", "(active=true)", U)]
    [TestCase("yes", "(active=TRUE)", U)]
    [TestCase("TRUE", "(active>=FALSE)", U)]
    public void BooleanMatch_AcceptsOnlyUpperCaseTrueAndFalse(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("active", value))), Is.EqualTo(expected));
    }

    [TestCase("inetOrgPerson", "(objectClass=INETORGPERSON)", T)]
    [TestCase("inetOrgPerson", "(objectClass=2.16.840.1.113730.3.2.2)", T)]
    [TestCase("2.5.6.6", "(objectClass=person)", T)]
    [TestCase("person", "(objectClass=top)", F)]
    [TestCase("myClass", "(objectClass=MYCLASS)", T)]
    [TestCase("myClass", "(objectClass=1.2.3.4)", U)]
    [TestCase("myClass", "(objectClass=otherClass)", F)]
    [TestCase("1.2.3.4", "(objectClass=1.2.3.4)", T)]
    [TestCase("person", "(objectClass=1.02.3)", U)]
    [TestCase("person", "(objectClass=not an oid)", U)]
    [TestCase("person", "(objectClass=pers*)", U)]
    public void ObjectIdentifierMatch_ComparesDescriptorsCaseInsensitivelyAndResolvesKnownOnes(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("objectClass", value))), Is.EqualTo(expected));
    }

    [TestCase("20260101120000Z", "(hiredAt=20260101120000Z)", T)]
    [TestCase("20260101120000Z", "(hiredAt=20260101130000+0100)", T)]
    [TestCase("20260101120000Z", "(hiredAt=202601011200Z)", T)]
    [TestCase("20260101120000Z", "(hiredAt=2026010112Z)", T)]
    [TestCase("20260101123000Z", "(hiredAt=2026010112.5Z)", T)]
    [TestCase("20260101120030Z", "(hiredAt=202601011200,5Z)", T)]
    [TestCase("20260101120000.25Z", "(hiredAt=20260101120000.250Z)", T)]
    [TestCase("20260101120000Z", "(hiredAt=20260101070000-05)", T)]
    [TestCase("20260101120000Z", "(hiredAt>=20251231235959Z)", T)]
    [TestCase("20260101120000Z", "(hiredAt<=20251231235959Z)", F)]
    [TestCase("20260101120000Z", "(hiredAt=20260101120000)", U)]
    [TestCase("20260101120000Z", "(hiredAt=20260230120000Z)", U)]
    [TestCase("20260101120000Z", "(hiredAt=20260101250000Z)", U)]
    [TestCase("yesterday", "(hiredAt=20260101120000Z)", U)]
    [TestCase("20261231235960Z", "(hiredAt=20270101000000Z)", T)]
    public void GeneralizedTimeMatch_AndOrdering_CompareInstants(string value, string filter, LdapFilterResult expected)
    {
        Assert.That(Eval(filter, Principal(A("hiredAt", value))), Is.EqualTo(expected));
    }

    // ~= is equality after case, space and diacritic folding.
    [TestCase("Ren\u00E9 M\u00FCller", "(cn~=rene muller)", T)]
    [TestCase("Rene Muller", "(cn~=REN\u00C9   M\u00DCLLER)", T)]
    [TestCase("\u00C5ngstr\u00F6m", "(cn~=angstrom)", T)]
    [TestCase("Rene", "(cn~=Renee)", F)]
    [TestCase("Alice", "(badge~=ALICE)", T)]
    [TestCase("cn=A,o=X", "(memberOf~=CN=a,O=x)", T)]
    public void Approximate_IsEqualityAfterCaseSpaceAndDiacriticFolding(string value, string filter, LdapFilterResult expected)
    {
        var attribute = filter[1..filter.IndexOf('~', StringComparison.Ordinal)];
        Assert.That(Eval(filter, Principal(A(attribute, value))), Is.EqualTo(expected));
    }

    // Extensible match: rules by name and OID; the attribute's equality rule when none is named; rule-only form.
    [TestCase("(cn:=alice)", T)]
    [TestCase("(cn:caseExactMatch:=alice)", F)]
    [TestCase("(cn:caseExactMatch:=Alice)", T)]
    [TestCase("(cn:2.5.13.5:=Alice)", T)]
    [TestCase("(cn:CASEIGNOREMATCH:=ALICE)", T)]
    [TestCase("(cn:dn:caseIgnoreMatch:=alice)", T)]
    [TestCase("(cn:caseIgnoreSubstringsMatch:=al\\2a)", T)]
    [TestCase("(cn:2.5.13.4:=\\2aLIC\\2a)", T)]
    [TestCase("(cn:caseIgnoreSubstringsMatch:=al)", U)]
    [TestCase("(cn:caseIgnoreSubstringsMatch:=a\\5c2Ab\\2a)", F)]
    [TestCase("(cn:caseIgnoreOrderingMatch:=B)", T)]
    [TestCase("(cn:caseIgnoreOrderingMatch:=A)", F)]
    [TestCase("(cn:integerMatch:=1)", U)]
    [TestCase("(cn:1.2.3.4.5:=x)", U)]
    [TestCase("(cn:fuzzyMatch:=x)", U)]
    [TestCase("(level:integerOrderingMatch:=8)", T)]
    [TestCase("(level:integerOrderingMatch:=7)", F)]
    [TestCase("(level:integerMatch:=7)", T)]
    [TestCase("(:integerMatch:=7)", T)]
    [TestCase("(:integerMatch:=8)", F)]
    [TestCase("(:dn:2.5.13.14:=7)", T)]
    [TestCase("(:caseExactMatch:=Finance)", T)]
    [TestCase("(:caseExactMatch:=finance)", F)]
    [TestCase("(:distinguishedNameMatch:=CN=STAFF,O=X)", T)]
    [TestCase("(:booleanMatch:=TRUE)", F)]
    [TestCase("(:integerMatch:=seven)", U)]
    [TestCase("(favouriteColour:caseIgnoreMatch:=x)", U)]
    public void ExtensibleMatch_AppliesTheNamedRule(string filter, LdapFilterResult expected)
    {
        var p = Principal(A("cn", "Alice"), A("level", "7"), A("department", "Finance"), A("memberOf", "cn=Staff,o=X"));
        Assert.That(Eval(filter, p), Is.EqualTo(expected));
    }
}
