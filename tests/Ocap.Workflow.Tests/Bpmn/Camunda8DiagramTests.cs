using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.Bpmn.Execution;
using Ocap.Workflow.Expressions.Feel;

namespace Ocap.Workflow.Tests.Bpmn;

/// <summary>
/// Three diagrams written the way Camunda Modeler 5 exports them for Camunda 8 (<c>bpmn:</c> prefix, zeebe
/// extensions, FEEL everywhere, diagram interchange kept) run as drawn through the interpreter, with no
/// JavaScript evaluator behind them.
/// </summary>
public class Camunda8DiagramTests
{
    internal static string PathOf(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Bpmn", "Camunda8", name);

    private static Flow Start(string file, string processId, string variablesJson) =>
        Flow.Start(File.ReadAllText(PathOf(file)), new FakeScripts(), JsonSerializer.Deserialize<JsonElement>(variablesJson), processId);

    private static Dictionary<string, JsonElement> Data(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    [TestCase("expense-approval.bpmn")]
    [TestCase("order-fulfilment.bpmn")]
    [TestCase("loan-application.bpmn")]
    public void Diagram_IsDeployableWithoutDiagnostics(string file)
    {
        var definitions = new BpmnReader().Read(File.ReadAllBytes(PathOf(file)), file);
        Assert.That(new BpmnValidator(new FakeScripts()).Validate(definitions), Is.Empty);
    }

    [Test]
    public void ExpenseApproval_LargeExpense_IsReviewedRemindedAndBooked()
    {
        var flow = Start("expense-approval.bpmn", "expense-approval", """{"expense": {"id": "E-7", "amount": 2500, "category": "travel", "department": "sales"}}""");
        flow.Complete("Task_enrich", new { riskScore = 20 });
        Assert.That(flow.Variable("riskLevel").GetString(), Is.EqualTo("low"));
        var created = flow.Events.Last(e => e.Type == "taskCreated");
        Assert.That(created.ElementId, Is.EqualTo("Task_approve"));
        Assert.That(created.Task!.CandidateGroups, Is.EqualTo(new[] { "finance", "sales" }));
        Assert.That(flow.Events.Single(e => e.Type == "timerScheduled").DueAt, Is.EqualTo(Flow.T0.AddHours(24)));

        flow.AdvanceTo(TimeSpan.FromHours(24));
        var remind = flow.State.Executions.Single(e => e.ElementId == "Task_remind");
        Assert.That(remind.Variables!["text"].GetString(), Is.EqualTo("Expense E-7 waits for approval"));
        flow.Complete("Task_remind", minutes: 24 * 60);

        flow.Complete("Task_approve", new { approved = true, comment = "fine" }, minutes: 24 * 60).Complete("Task_book", minutes: 24 * 60);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Completed, Does.Contain("Event_booked").And.Not.Contain("Event_rejected"));
        Assert.That(flow.Variable("decision").GetString(), Is.EqualTo("approved"));
        Assert.That(flow.Variable("expense").GetRawText(),
            Is.EqualTo("""{"id":"E-7","amount":2500,"category":"travel","department":"sales","risk":20,"reviewComment":"fine"}"""));
        Assert.That(flow.State.FinalVariables!.Keys, Is.EquivalentTo(new[] { "expense", "riskLevel", "decision" }), "task data and input mappings stay local");
    }

    [Test]
    public void ExpenseApproval_SmallExpense_IsApprovedAutomatically()
    {
        var flow = Start("expense-approval.bpmn", "expense-approval", """{"expense": {"id": "E-8", "amount": 40, "category": "food", "department": "it"}}""")
            .Complete("Task_enrich", new { riskScore = 10 })
            .Complete("Task_book");
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Activated, Does.Contain("Task_autoApprove").And.Not.Contain("Task_approve"));
    }

    [Test]
    public void ExpenseApproval_RejectedByTheReviewer_EndsRejected()
    {
        var flow = Start("expense-approval.bpmn", "expense-approval", """{"expense": {"id": "E-9", "amount": 90, "category": "food", "department": "it"}}""")
            .Complete("Task_enrich", new { riskScore = 80 })
            .Complete("Task_approve", new { approved = false });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Completed, Does.Contain("Event_rejected"));
        Assert.That(flow.Variable("expense").GetProperty("reviewComment").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    private const string Order = """{"order": {"id": "O-1", "items": [{"sku": "A", "quantity": 2, "price": 10}, {"sku": "B", "quantity": 1, "price": 5.5}]}, "paymentTermDays": 7}""";

    [Test]
    public void OrderFulfilment_ReservesEachItemCorrelatesThePaymentAndShips()
    {
        var flow = Start("order-fulfilment.bpmn", "order-fulfilment", Order);
        var reservations = flow.State.Executions.Where(e => e.ElementId == "Task_reserve" && e.Phase == "waiting").ToList();
        Assert.That(reservations.Select(r => r.Variables!["sku"].GetString()), Is.EqualTo(new[] { "A", "B" }));
        flow.Complete("Task_reserve", new { reserved = true }).Complete("Task_reserve", new { reserved = true });
        Assert.That(flow.Variable("reservations").GetRawText(), Is.EqualTo("""[{"sku":"A","reserved":true},{"sku":"B","reserved":true}]"""));

        var subscription = flow.State.Subscriptions.Single(s => s.Kind == "message");
        Assert.That(subscription.CorrelationKey, Is.EqualTo("O-1"));
        Assert.That(flow.State.Subscriptions.Single(s => s.Kind == "timer").DueAt, Is.EqualTo(Flow.T0.AddDays(7)));

        flow.Apply(new CorrelateMessage("payment-received", "O-1", Data("""{"payment": {"amount": 25.5}}""")) { At = Flow.T0.AddHours(1) });
        var ship = flow.State.Executions.Single(e => e.ElementId == "Task_ship");
        Assert.That(ship.Variables!["skus"].GetString(), Is.EqualTo("A,B"));
        flow.Complete("Task_ship", new { trackingNumber = "T-9" }, minutes: 61);
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Completed, Does.Contain("Event_shipped"));
        Assert.That(flow.Variable("order").GetProperty("tracking").GetString(), Is.EqualTo("T-9"));
        Assert.That(flow.State.FinalVariables!.ContainsKey("payment"), Is.False);
    }

    [Test]
    public void OrderFulfilment_UnderpaidOrder_EndsUnderpaid()
    {
        var flow = Start("order-fulfilment.bpmn", "order-fulfilment", Order)
            .Complete("Task_reserve", new { reserved = true }).Complete("Task_reserve", new { reserved = true })
            .Apply(new CorrelateMessage("payment-received", "O-1", Data("""{"payment": {"amount": 25.49}}""")) { At = Flow.T0 });
        Assert.That(flow.Completed, Does.Contain("Event_underpaid"));
    }

    [Test]
    public void OrderFulfilment_NoPaymentWithinTheTerm_IsCancelled()
    {
        var flow = Start("order-fulfilment.bpmn", "order-fulfilment", Order)
            .Complete("Task_reserve", new { reserved = true }).Complete("Task_reserve", new { reserved = true })
            .AdvanceTo(TimeSpan.FromDays(7));
        Assert.That(flow.Completed, Does.Contain("Event_cancelled"));
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
    }

    [Test]
    public void OrderFulfilment_AnItemOutOfStock_EndsOutOfStock()
    {
        var flow = Start("order-fulfilment.bpmn", "order-fulfilment", Order)
            .Complete("Task_reserve", new { reserved = true }).Complete("Task_reserve", new { reserved = false });
        Assert.That(flow.Completed, Does.Contain("Event_outOfStock"));
    }

    private const string Loan = """{"applicant": {"birthDate": "2005-06-01", "income": 60000}, "loan": {"amount": 20000, "product": "standard", "officer": "olga", "committee": ["ann", "bob", "cy"]}}""";

    [Test]
    public void LoanApplication_ChecksScoresVotesAndGrants()
    {
        var flow = Start("loan-application.bpmn", "loan-application", Loan);
        Assert.That(flow.Waiting, Is.EquivalentTo(new[] { "Task_credit", "Task_guarantor" }), "both conditions of the inclusive gateway are true");
        Assert.That(flow.Events.Single(e => e.ElementId == "Task_guarantor" && e.Type == "taskCreated").Task!.Assignee, Is.EqualTo("olga"));
        flow.Complete("Task_credit", new { rating = "A" }).Complete("Task_guarantor", new { guarantorOk = true });
        Assert.That(flow.Variable("checks").GetRawText(), Is.EqualTo("""{"credit":"A","guarantor":true}"""));
        Assert.That(flow.Variable("loan").GetProperty("score").GetInt32(), Is.EqualTo(700), "the called process was chosen by FEEL and its score mapped back");

        foreach (var (member, vote) in new[] { ("ann", "yes"), ("bob", "no"), ("cy", "yes") })
        {
            Assert.That(flow.Events.Last(e => e.Type == "taskCreated").Task!.Assignee, Is.EqualTo(member));
            flow.Complete("Task_vote", new { vote });
        }

        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("votes").GetRawText(), Is.EqualTo("""["yes","no","yes"]"""));
        Assert.That(flow.Completed, Does.Contain("Event_granted"));
        Assert.That(flow.State.FinalVariables!.ContainsKey("score"), Is.False, "propagateAllChildVariables is false");
    }

    [Test]
    public void LoanApplication_TwoNoVotesCompleteTheVoteEarlyAndDecline()
    {
        var flow = Start("loan-application.bpmn", "loan-application", Loan.Replace("20000", "5000", StringComparison.Ordinal).Replace("2005", "1980", StringComparison.Ordinal));
        Assert.That(flow.Completed, Does.Contain("Task_basic"), "no condition is true, so the default flow runs");
        flow.Complete("Task_vote", new { vote = "no" }).Complete("Task_vote", new { vote = "no" });
        Assert.That(flow.State.Status, Is.EqualTo(BpmnInstanceStatus.Completed));
        Assert.That(flow.Variable("votes").GetRawText(), Is.EqualTo("""["no","no",null]"""));
        Assert.That(flow.Completed, Does.Contain("Event_declined"));
    }
}

/// <summary>
/// The FEEL expressions of the Camunda 8 diagrams and of the wiring tests, evaluated by our interpreter and by the
/// feelin reference (recorded in <c>Bpmn/Camunda8/feelin-reference.json</c>; its note says how).
/// </summary>
public class FeelReferenceTests
{
    private static readonly JsonObject Reference = JsonNode.Parse(File.ReadAllText(Camunda8DiagramTests.PathOf("feelin-reference.json")))!.AsObject();

    public static IEnumerable<TestCaseData> Cases() =>
        Reference["cases"]!.AsArray().Select(c => new TestCaseData(c!["id"]!.GetValue<string>()).SetName("Feelin_" + c["id"]!.GetValue<string>()));

    [TestCaseSource(nameof(Cases))]
    public void Evaluate_AgreesWithFeelinOrIsARecordedDifference(string id)
    {
        var item = Reference["cases"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == id)!;
        var difference = Reference["differences"]!.AsArray().SingleOrDefault(d => d!["id"]!.GetValue<string>() == id);
        var expected = difference is null ? item["feelin"] : difference["ours"];
        var ours = FeelExpression.Parse(item["expression"]!.GetValue<string>()).Evaluate(item["context"]!.DeepClone().AsObject());
        Assert.That(ours?.ToJsonString(), Is.EqualTo(expected?.ToJsonString()));
        if (difference is not null)
        {
            Assert.That(ours?.ToJsonString(), Is.Not.EqualTo(item["feelin"]?.ToJsonString()), "a recorded difference must still differ");
        }
    }
}
