using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.Tests.Runtime;

[TestFixture]
public class RandomIdsTests
{
    [Test]
    public void Next_GivesDistinctLowercaseHexIdsOf128Bits_AcrossManyBufferRefills()
    {
        var ids = new RandomIds();
        var seen = Enumerable.Range(0, 10_000).Select(_ => ids.Next()).ToList();

        Assert.That(seen, Is.Unique);
        Assert.That(seen, Has.All.Matches("^[0-9a-f]{32}$"));
        // Every hex digit position varies: no position is fixed by the buffer's layout (unlike a version-4 GUID's).
        for (var position = 0; position < 32; position++)
        {
            Assert.That(seen.Select(id => id[position]).Distinct().Count(), Is.EqualTo(16), $"position {position}");
        }
    }

    [Test]
    public void Next_FromTwoEngines_DoNotRepeat()
    {
        var a = new RandomIds();
        var b = new RandomIds();
        var first = Enumerable.Range(0, 1_000).Select(_ => a.Next()).ToHashSet();

        Assert.That(Enumerable.Range(0, 1_000).Select(_ => b.Next()).Where(first.Contains), Is.Empty);
    }
}
