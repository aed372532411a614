using Ocap.Workflow.Access;
using static Ocap.Workflow.Tests.Access.AccessTestSupport;

namespace Ocap.Workflow.Tests.Access;

public class LdapFilterDiagnosticsTests
{
    [Test]
    public void Compile_KnownAttributesAndValidValues_HasNoDiagnostics()
    {
        var compiled = LdapFilter.Parse("(&(department=finance)(|(title=manager)(level>=5))(!(status=disabled)))").Compile(Schema);
        Assert.That(compiled.IsValid, Is.True);
        Assert.That(compiled.ThrowIfInvalid(), Is.SameAs(compiled));
    }

    [Test]
    public void Compile_UnknownAttributes_AreReportedWithTheirPositions()
    {
        var compiled = LdapFilter.Parse("(&(departmnet=finance)(|(title=manager)(colour=*)))").Compile(Schema);
        Assert.That(compiled.Diagnostics.Select(d => (d.Kind, d.Position, d.Attribute)), Is.EqualTo(new[]
        {
            (LdapFilterDiagnosticKind.UnknownAttribute, 2, (string?)"departmnet"),
            (LdapFilterDiagnosticKind.UnknownAttribute, 39, (string?)"colour"),
        }));
    }

    [TestCase("(memberOf=cn=a*)", LdapFilterDiagnosticKind.MatchingRuleNotApplicable)]
    [TestCase("(cn>=a)", LdapFilterDiagnosticKind.MatchingRuleNotApplicable)]
    [TestCase("(level:caseIgnoreMatch:=a)", LdapFilterDiagnosticKind.MatchingRuleNotApplicable)]
    [TestCase("(cn:soundsLikeMatch:=a)", LdapFilterDiagnosticKind.UnknownMatchingRule)]
    [TestCase("(level=high)", LdapFilterDiagnosticKind.InvalidAssertionValue)]
    [TestCase("(active=true)", LdapFilterDiagnosticKind.InvalidAssertionValue)]
    [TestCase("(cn=a**b)", LdapFilterDiagnosticKind.InvalidAssertionValue)]
    [TestCase(@"(cn=\ff)", LdapFilterDiagnosticKind.InvalidAssertionValue)]
    [TestCase("(hiredAt>=2026)", LdapFilterDiagnosticKind.InvalidAssertionValue)]
    public void Compile_ItemsThatCanOnlyBeUndefined_AreReported(string filter, LdapFilterDiagnosticKind kind)
    {
        var compiled = LdapFilter.Parse(filter).Compile(Schema);
        Assert.That(compiled.Diagnostics.Select(d => d.Kind), Is.EqualTo(new[] { kind }));
        Assert.That(compiled.Evaluate(Principal(A("cn", "ab"), A("level", "1"), A("memberOf", "cn=a"))), Is.EqualTo(LdapFilterResult.Undefined));
    }

    [Test]
    public void ThrowIfInvalid_ListsEveryProblem()
    {
        var compiled = LdapFilter.Parse("(|(colour=red)(level=high))").Compile(Schema);
        var e = Assert.Throws<LdapFilterValidationException>(() => compiled.ThrowIfInvalid());
        Assert.That(e!.Diagnostics, Has.Count.EqualTo(2));
        Assert.That(e.Message, Does.Contain("'colour' is not in the schema"));
        Assert.That(e.Message, Does.Contain("At position 14"));
    }

    [Test]
    public void Compile_SameFilterUnderASchemaThatDeclaresTheAttribute_IsValid()
    {
        var filter = LdapFilter.Parse("(costCenter=4711)");
        Assert.That(filter.Compile(AttributeSchema.Default).IsValid, Is.False);
        Assert.That(filter.Compile(AttributeSchema.Default.With("costCenter", AttributeSyntax.DirectoryString)).IsValid, Is.True);
    }
}
