using System.Text.Json.Nodes;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>Finds the reference files recorded from form-js (see Reference/README.md).</summary>
internal static class ReferenceData
{
    public static string Path(string fileName)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "Ocap.Workflow.Tests", "Forms", "Reference", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Reference file {fileName} not found above {TestContext.CurrentContext.TestDirectory}.");
    }

    public static JsonArray Load(string fileName) => JsonNode.Parse(File.ReadAllText(Path(fileName)))!.AsArray();
}
