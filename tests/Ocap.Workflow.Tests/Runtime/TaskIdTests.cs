using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.Tests.Runtime;

[TestFixture]
public class TaskIdTests
{
    [TestCase("abc.t3", "abc", 3, true)]
    [TestCase("abc.t30", "abc", 30, true)]
    [TestCase("abc.t2147483647", "abc", int.MaxValue, true)]
    [TestCase("abc.t30", "abc", 3, false)]
    [TestCase("abc.t3", "abc", 30, false)]
    [TestCase("abd.t3", "abc", 3, false)]
    [TestCase("abc.s3", "abc", 3, false)]
    [TestCase("xabc.t3", "abc", 3, false)]
    [TestCase("ab.t3", "abc", 3, false)]
    [TestCase("", "abc", 3, false)]
    public void IsTaskId_AgreesWithTheBuiltId(string taskId, string instanceId, int executionId, bool expected)
    {
        Assert.That(WaitSet.IsTaskId(taskId, instanceId, executionId), Is.EqualTo(expected));
        Assert.That(WaitSet.TaskId(instanceId, executionId) == taskId, Is.EqualTo(expected));
    }
}
