using System.Text;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage;

namespace Ocap.Workflow.Tests.Storage;

public class DeploymentBundleTests
{
    private static DeploymentArtifact Artifact(string name, ArtifactKind kind, string text) => new(name, kind, Encoding.UTF8.GetBytes(text));

    [Test]
    public void Hash_FollowsTheDocumentedLayout()
    {
        var bpmn = Artifact("p.bpmn", ArtifactKind.Bpmn, "<d/>");
        var form = Artifact("f.form", ArtifactKind.Form, "{}");
        var bundle = new DeploymentBundle([bpmn, form], [new ProcessDefinitionDraft("p", "p.bpmn")]);

        var text = "ocapwf-bundle-v1\n" +
            $"artifact form 6:f.form {ContentHash.Of("{}")}\n" +
            $"artifact bpmn 6:p.bpmn {ContentHash.Of("<d/>")}\n" +
            "process 1:p 6:p.bpmn\n";
        Assert.That(bundle.Hash, Is.EqualTo(ContentHash.Of(text)));
    }

    [Test]
    public void Hash_DoesNotDependOnTheOrderTheFilesWereListedIn()
    {
        var a = Artifact("a.bpmn", ArtifactKind.Bpmn, "<a/>");
        var b = Artifact("b.js", ArtifactKind.Script, "1");
        var processes = new[] { new ProcessDefinitionDraft("p", "a.bpmn") };
        Assert.That(new DeploymentBundle([a, b], processes).Hash, Is.EqualTo(new DeploymentBundle([b, a], processes).Hash));
    }

    [Test]
    public void Hash_ChangesWhenAFileIsRenamedOrItsKindChanges()
    {
        var processes = new[] { new ProcessDefinitionDraft("p", "a.bpmn") };
        var baseline = new DeploymentBundle([Artifact("a.bpmn", ArtifactKind.Bpmn, "<a/>"), Artifact("x.js", ArtifactKind.Script, "1")], processes).Hash;
        var renamed = new DeploymentBundle([Artifact("a.bpmn", ArtifactKind.Bpmn, "<a/>"), Artifact("y.js", ArtifactKind.Script, "1")], processes).Hash;
        var rekinded = new DeploymentBundle([Artifact("a.bpmn", ArtifactKind.Bpmn, "<a/>"), Artifact("x.js", ArtifactKind.Form, "1")], processes).Hash;
        Assert.That(new[] { renamed, rekinded }, Has.None.EqualTo(baseline));
    }

    [Test]
    public void New_WithTwoArtifactsOfTheSameName_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new DeploymentBundle(
            [Artifact("a.bpmn", ArtifactKind.Bpmn, "<a/>"), Artifact("a.bpmn", ArtifactKind.Bpmn, "<b/>")], []));
        Assert.That(e!.Message, Does.Contain("two artifacts named 'a.bpmn'"));
    }

    [Test]
    public void New_WithAProcessInAFileThatIsNotBpmn_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new DeploymentBundle(
            [Artifact("a.js", ArtifactKind.Script, "1")], [new ProcessDefinitionDraft("p", "a.js")]));
        Assert.That(e!.Message, Does.Contain("not BPMN"));
    }

    [Test]
    public void New_WithAProcessInAMissingFile_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new DeploymentBundle(
            [Artifact("a.bpmn", ArtifactKind.Bpmn, "<a/>")], [new ProcessDefinitionDraft("p", "b.bpmn")]));
        Assert.That(e!.Message, Does.Contain("not in the bundle"));
    }

    [Test]
    public void Artifact_CopiesTheCallersBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("<a/>");
        var artifact = new DeploymentArtifact("a.bpmn", ArtifactKind.Bpmn, bytes);
        bytes[0] = (byte)'!';
        Assert.That(Encoding.UTF8.GetString(artifact.Content.Span), Is.EqualTo("<a/>"));
        Assert.That(artifact.Hash, Is.EqualTo(ContentHash.Of("<a/>")));
    }
}
