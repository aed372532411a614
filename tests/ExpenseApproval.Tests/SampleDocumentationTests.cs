using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ExpenseApproval.Tests;

/// <summary>What the README and the Tenants folder promise about the sample: every documented endpoint exists and every endpoint is documented; every diagram opens in a modeler.</summary>
public sealed partial class SampleDocumentationTests
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";

    [Test]
    public async Task ReadmeEndpointTable_ListsExactlyTheEndpointsTheSampleMaps()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var start = readme.IndexOf(ReadmeSession.SectionHeading, StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var documented = TableRow().Matches(section).Select(m => Normalize(m.Groups["method"].Value, m.Groups["path"].Value)).ToList();
        using var folder = new TempFolder();
        await using var app = new SampleApp(folder.File("claims.db"));

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => Normalize(m, e.RoutePattern.RawText!)))
            .ToList();

        Assert.That(documented, Is.Unique);
        Assert.That(documented, Is.EquivalentTo(mapped));
    }

    [TestCase("acme")]
    [TestCase("globex")]
    public void EveryDiagram_HasAShapeForEachFlowNodeAndAnEdgeForEachFlow(string tenant)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Tenants", tenant), "*.bpmn"))
        {
            var document = XDocument.Load(file);
            var process = document.Root!.Element(Bpmn + "process")!;
            var elements = process.Elements().Where(e => e.Attribute("id") is not null && e.Name != Bpmn + "documentation").Select(e => e.Attribute("id")!.Value).ToList();
            var drawn = document.Descendants(BpmnDi + "BPMNShape").Concat(document.Descendants(BpmnDi + "BPMNEdge"))
                .Select(e => e.Attribute("bpmnElement")!.Value).ToList();
            var plane = document.Descendants(BpmnDi + "BPMNPlane").Single();

            Assert.That(plane.Attribute("bpmnElement")!.Value, Is.EqualTo(process.Attribute("id")!.Value), file);
            Assert.That(drawn, Is.EquivalentTo(elements), $"{file}: every element is drawn exactly once");
            Assert.That(document.Root.Attribute("exporter")?.Value, Is.EqualTo("Camunda Modeler"), file);
        }
    }

    private static string Normalize(string method, string path) =>
        method + " " + Placeholder().Replace(path.Split('?')[0], "{}");

    [GeneratedRegex(@"^\| `(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}
