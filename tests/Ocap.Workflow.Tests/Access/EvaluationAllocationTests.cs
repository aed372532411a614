using Ocap.Workflow.Access;
using static Ocap.Workflow.Tests.Access.AccessTestSupport;

namespace Ocap.Workflow.Tests.Access;

public class EvaluationAllocationTests
{
    [Test]
    public void Evaluate_CompiledFilter_AllocatesNothing()
    {
        var principal = Principal(
            A("cn", "Alice Smith"), A("sn", "Smith"), A("givenName", "Alice"), A("uid", "alice"), A("mail", "alice@example.com"),
            A("department", "Finance"), A("title", "Manager"), A("level", "7"), A("hiredAt", "20200101000000Z"),
            A("memberOf", "cn=Approvers,ou=Groups,dc=example,dc=com", "cn=Staff,ou=Groups,dc=example,dc=com"));
        var filters = new[]
        {
            "(&(department=finance)(|(title=director)(cn=*smith))(!(status=disabled))(level>=5))",
            "(|(memberOf=cn=admins,ou=groups,dc=example,dc=com)(&(mail=*@example.com)(!(level<=3))))",
            "(&(cn~=alice smith)(hiredAt<=20250101000000Z)(givenName=*)(!(colour=*))(uid:caseIgnoreMatch:=ALICE))",
        }.Select(f => LdapFilter.Parse(f).Compile(Schema)).ToArray();
        foreach (var filter in filters)
        {
            filter.Evaluate(principal);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var trues = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var filter in filters)
            {
                trues += filter.Evaluate(principal) == LdapFilterResult.True ? 1 : 0;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(trues, Is.EqualTo(3000));
        Assert.That(allocated, Is.Zero);
    }
}
