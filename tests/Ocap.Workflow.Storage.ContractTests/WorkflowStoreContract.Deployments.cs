using System.Text;

namespace Ocap.Workflow.Storage.ContractTests;

public abstract partial class WorkflowStoreContract
{
    [Test]
    public async Task Deploy_NewBundle_GivesVersionOneAndStoresEachArtifactByItsHash()
    {
        var bundle = Bundle();
        var deployment = await Store.DeployAsync(Acme, bundle, CancellationToken.None);

        Assert.That(deployment.Created, Is.True);
        Assert.That(deployment.BundleHash, Is.EqualTo(bundle.Hash));
        Assert.That(deployment.DeployedAt, Is.EqualTo(Start));
        Assert.That(deployment.Processes.Single().Version, Is.EqualTo(1));
        Assert.That(deployment.Processes.Single().ArtifactHash, Is.EqualTo(bundle.Artifacts.Single(a => a.Name == "expense.bpmn").Hash));
        Assert.That(deployment.Artifacts.Select(a => a.Name), Is.EqualTo(new[] { "claim.form", "expense.bpmn" }));
        foreach (var artifact in bundle.Artifacts)
        {
            var stored = await Store.GetArtifactAsync(Acme, artifact.Hash, CancellationToken.None);
            Assert.That(stored!.Content.ToArray(), Is.EqualTo(artifact.Content.ToArray()), artifact.Name);
        }
    }

    [Test]
    public async Task Deploy_SameBytesTwice_GivesTheSameVersionAndStoresNothingNew()
    {
        var first = await Store.DeployAsync(Acme, Bundle(), CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await Store.DeployAsync(Acme, Bundle(), CancellationToken.None);

        Assert.That(second.Created, Is.False);
        Assert.That(second.BundleHash, Is.EqualTo(first.BundleHash));
        Assert.That(second.DeployedAt, Is.EqualTo(first.DeployedAt));
        Assert.That(second.Processes.Single().Version, Is.EqualTo(1));
        var latest = await Store.GetProcessDefinitionAsync(Acme, "expense", null, CancellationToken.None);
        Assert.That(latest!.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Deploy_ChangedBytes_GivesTheNextVersionAndKeepsTheOldOne()
    {
        var v1 = await DeployAsync(Acme, bpmnText: "<definitions id='v1'/>");
        Clock.Advance(TimeSpan.FromMinutes(5));
        var v2 = await DeployAsync(Acme, bpmnText: "<definitions id='v2'/>");

        Assert.That(v2.Version, Is.EqualTo(2));
        Assert.That(v2.BundleHash, Is.Not.EqualTo(v1.BundleHash));
        Assert.That((await Store.GetProcessDefinitionAsync(Acme, "expense", null, CancellationToken.None))!.Version, Is.EqualTo(2));
        Assert.That(await Store.GetProcessDefinitionAsync(Acme, "expense", 1, CancellationToken.None), Is.EqualTo(v1));
        Assert.That(await Store.GetProcessDefinitionAsync(Acme, "expense", 3, CancellationToken.None), Is.Null);
        var redeployed = await Store.DeployAsync(Acme, Bundle(bpmnText: "<definitions id='v1'/>"), CancellationToken.None);
        Assert.That(redeployed.Processes.Single().Version, Is.EqualTo(1), "the first bytes again are still version 1");
    }

    [Test]
    public async Task GetDeployment_ReturnsTheStoredRecord()
    {
        var deployed = await Store.DeployAsync(Acme, Bundle(), CancellationToken.None);
        var read = await Store.GetDeploymentAsync(Acme, deployed.BundleHash, CancellationToken.None);
        Assert.That(read!.Processes, Is.EqualTo(deployed.Processes));
        Assert.That(read.Artifacts, Is.EqualTo(deployed.Artifacts));
        Assert.That(read.Created, Is.False);
    }

    [Test]
    public async Task Deploy_VersionsAreCountedPerTenant()
    {
        await DeployAsync(Acme, bpmnText: "<a/>");
        await DeployAsync(Acme, bpmnText: "<b/>");
        var globex = await DeployAsync(Globex, bpmnText: "<c/>");
        Assert.That(globex.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Deploy_SameBytesInAnotherTenant_IsAFreshDeploymentThere()
    {
        await Store.DeployAsync(Acme, Bundle(), CancellationToken.None);
        var globex = await Store.DeployAsync(Globex, Bundle(), CancellationToken.None);
        Assert.That(globex.Created, Is.True);
    }

    [Test]
    public async Task Deployments_OfAnotherTenant_AreNotFound()
    {
        var deployed = await Store.DeployAsync(Acme, Bundle(), CancellationToken.None);
        Assert.That(await Store.GetDeploymentAsync(Globex, deployed.BundleHash, CancellationToken.None), Is.Null);
        Assert.That(await Store.GetArtifactAsync(Globex, deployed.Artifacts[0].Hash, CancellationToken.None), Is.Null);
        Assert.That(await Store.GetProcessDefinitionAsync(Globex, "expense", null, CancellationToken.None), Is.Null);
        Assert.That(await Store.GetProcessDefinitionAsync(Globex, "expense", 1, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Deploy_LargeArtifact_RoundTripsByteForByte()
    {
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        var bundle = new DeploymentBundle(
            [Bpmn("p.bpmn", "<definitions/>"), new DeploymentArtifact("lib.js", ArtifactKind.Script, content)],
            [new ProcessDefinitionDraft("p", "p.bpmn")]);
        await Store.DeployAsync(Acme, bundle, CancellationToken.None);
        var stored = await Store.GetArtifactAsync(Acme, bundle.Artifacts.Single(a => a.Name == "lib.js").Hash, CancellationToken.None);
        Assert.That(stored!.Content.ToArray(), Is.EqualTo(content));
        Assert.That(Encoding.UTF8.GetString((await Store.GetArtifactAsync(Acme, bundle.Artifacts[1].Hash, CancellationToken.None))!.Content.Span), Is.EqualTo("<definitions/>"));
    }
}
