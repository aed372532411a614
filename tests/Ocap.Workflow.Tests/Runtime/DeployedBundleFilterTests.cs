using Ocap.Workflow.Access;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Runtime;
using Ocap.Workflow.Telemetry;

namespace Ocap.Workflow.Tests.Runtime;

/// <summary>
/// A task row's candidate filter is compiled once per distinct text per bundle (FEEL assignments give each task its
/// own text), within a bound, and always gives what compiling the text afresh gives.
/// </summary>
[TestFixture]
public class DeployedBundleFilterTests
{
    private static DeployedBundle Bundle(TelemetryScope scope) => new(
        "bundle", AttributeSchema.Default, new RecordingScriptEvaluator(new NoScripts(), scope.Telemetry),
        new Dictionary<string, string>(), new Dictionary<string, DeployedProcess>());

    private static AccessPrincipal Fiona => AccessPrincipal.Create(AttributeSchema.Default, PrincipalAttributes.CreateBuilder().Add("uid", "fiona").Build());

    [Test]
    public void Filter_OfTheSameEvaluatedText_IsCompiledOnce_AndMatchesLikeAFreshCompile()
    {
        using var scope = new TelemetryScope();
        var bundle = Bundle(scope);

        var first = bundle.Filter("review", "(|(uid=fiona)(uid=sam))");
        var again = bundle.Filter("review", "(|(uid=fiona)(uid=sam))");

        Assert.That(again, Is.SameAs(first));
        Assert.That(first.IsSatisfiedBy(Fiona), Is.True);
        Assert.That(bundle.Filter("review", "(uid=sam)").IsSatisfiedBy(Fiona), Is.False);
    }

    [Test]
    public void Filter_PastTheBound_StillAnswersEveryTextCorrectly()
    {
        using var scope = new TelemetryScope();
        var bundle = Bundle(scope);
        for (var i = 0; i <= DeployedBundle.MaxEvaluatedFilters + 5; i++)
        {
            Assert.That(bundle.Filter("review", $"(uid=user{i})").IsSatisfiedBy(Fiona), Is.False);
        }

        Assert.That(bundle.Filter("review", "(uid=fiona)").IsSatisfiedBy(Fiona), Is.True);
    }

    [Test]
    public void Principal_OfTheSameAttributes_IsPreparedOnce_AndAlternatingActorsEachGetTheirOwn()
    {
        using var scope = new TelemetryScope();
        var bundle = Bundle(scope);
        var fiona = PrincipalAttributes.CreateBuilder().Add("uid", "fiona").Build();
        var sam = PrincipalAttributes.CreateBuilder().Add("uid", "sam").Build();
        var isFiona = bundle.Filter("review", "(uid=fiona)");

        var first = bundle.Principal(fiona);
        Assert.That(bundle.Principal(fiona), Is.SameAs(first));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(isFiona.IsSatisfiedBy(bundle.Principal(sam)), Is.False);
            Assert.That(bundle.Principal(fiona), Is.SameAs(first), "the earlier preparation, not a new one");
            Assert.That(isFiona.IsSatisfiedBy(bundle.Principal(fiona)), Is.True);
        }
    }

    [Test]
    public void Filter_OfTextThatIsNoFilter_IsRefusedWithItsPosition()
    {
        using var scope = new TelemetryScope();
        var refused = Assert.Throws<LdapFilterParseException>(() => Bundle(scope).Filter("review", "(uid=fiona"));
        Assert.That(refused!.Position, Is.EqualTo("(uid=fiona".Length), "the end of the text, where ')' was expected");
    }

    private sealed class TelemetryScope : IDisposable
    {
        public WorkflowTelemetry Telemetry { get; } = new();

        public void Dispose() => Telemetry.Dispose();
    }

    private sealed class NoScripts : IBpmnScriptEvaluator
    {
        public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose) => "no scripts here";

        public BpmnScriptOutcome Evaluate(BpmnScriptRequest request) => throw new InvalidOperationException("No script runs in these tests.");
    }
}
