using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Runtime;

namespace Ocap.Workflow.Tests.Runtime;

public sealed class CandidateFilterTests
{
    private static readonly WorkflowEngineOptions Options = new();

    [Test]
    public void Translate_CandidateGroup_BecomesMemberOfTheGroupDn()
    {
        var text = CandidateFilters.Translate(new BpmnUserTaskInfo { CandidateGroups = ["finance"] }, Options, out _);
        Assert.That(text, Is.EqualTo("(memberOf=cn=finance,ou=groups)"));
    }

    [Test]
    public void Translate_FilterAssigneeUsersAndGroups_AreOredInThatOrder()
    {
        var info = new BpmnUserTaskInfo { CandidateFilter = "(title=manager)", Assignee = "ann", CandidateUsers = ["bob"], CandidateGroups = ["hr"] };
        var text = CandidateFilters.Translate(info, Options, out _);
        Assert.That(text, Is.EqualTo("(|(title=manager)(uid=ann)(uid=bob)(memberOf=cn=hr,ou=groups))"));
    }

    [Test]
    public void Translate_NamesWithFilterAndDnSpecials_AreEscapedSoTheyCannotWidenTheFilter()
    {
        var info = new BpmnUserTaskInfo { CandidateUsers = ["*)(uid=*"], CandidateGroups = ["a,b"] };
        var text = CandidateFilters.Translate(info, Options, out _);
        Assert.That(text, Is.EqualTo(@"(|(uid=\2a\29\28uid=\2a)(memberOf=cn=a\5c,b,ou=groups))"));
    }

    [Test]
    public void Translate_HostConfiguredGroupAttribute_UsesPlainGroupNames()
    {
        var options = new WorkflowEngineOptions { CandidateGroupAttribute = "ou", CandidateGroupValueFormat = "{0}" };
        Assert.That(CandidateFilters.Translate(new BpmnUserTaskInfo { CandidateGroups = ["finance"] }, options, out _), Is.EqualTo("(ou=finance)"));
    }

    [Test]
    public void Translate_NoCandidatesOrAnExpression_IsRefusedWithAReason()
    {
        Assert.That(CandidateFilters.Translate(new BpmnUserTaskInfo(), Options, out var none), Is.Null);
        Assert.That(none, Does.Contain("no candidates"));
        Assert.That(CandidateFilters.Translate(new BpmnUserTaskInfo { Assignee = "${starter}" }, Options, out var expression), Is.Null);
        Assert.That(expression, Does.Contain("expression"));
    }
}
