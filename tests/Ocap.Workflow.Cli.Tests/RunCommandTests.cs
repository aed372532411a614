using System.Text.Json;

namespace Ocap.Workflow.Cli.Tests;

public class RunCommandTests
{
    private const string Approval = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                     xmlns:ocap="https://ocap-workflow.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
          <message id="m1" name="docsArrived" />
          <process id="approval" isExecutable="true">
            <startEvent id="start" name="Request" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
            <userTask id="approve" name="Approve" camunda:candidateGroups="finance" ocap:candidateFilter="(department=finance)" />
            <boundaryEvent id="late" attachedToRef="approve" cancelActivity="false">
              <timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>
            </boundaryEvent>
            <sequenceFlow id="f5" sourceRef="late" targetRef="remind" />
            <scriptTask id="remind" scriptFormat="javascript" camunda:resultVariable="reminded"><script>true</script></scriptTask>
            <sequenceFlow id="f6" sourceRef="remind" targetRef="remindEnd" />
            <endEvent id="remindEnd" />
            <sequenceFlow id="f2" sourceRef="approve" targetRef="decide" />
            <exclusiveGateway id="decide" />
            <sequenceFlow id="yes" sourceRef="decide" targetRef="approved">
              <conditionExpression language="javascript">approved === true</conditionExpression>
            </sequenceFlow>
            <sequenceFlow id="no" sourceRef="decide" targetRef="rejected">
              <conditionExpression language="javascript">approved === false</conditionExpression>
            </sequenceFlow>
            <endEvent id="approved" name="Approved" />
            <endEvent id="rejected" name="Rejected" />
          </process>
        </definitions>
        """;

    private static async Task<(int Exit, string[] Lines, string Error)> RunAsync(string xml, string? events, params string[] extra)
    {
        var directory = Directory.CreateTempSubdirectory("ocapwf-run-");
        try
        {
            var path = Path.Combine(directory.FullName, "flow.bpmn");
            await File.WriteAllTextAsync(path, xml);
            var args = new List<string> { "run", path };
            if (events is not null)
            {
                var eventsPath = Path.Combine(directory.FullName, "events.jsonl");
                await File.WriteAllTextAsync(eventsPath, events);
                args.AddRange(["--events", eventsPath]);
            }

            args.AddRange(extra.Select(e => e.Replace("{dir}", directory.FullName, StringComparison.Ordinal)));
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await CliApp.RunAsync(args, TextReader.Null, stdout, stderr, CancellationToken.None);
            return (exit, stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    [Test]
    public async Task Run_WithoutEvents_StopsWaitingAtTheUserTask()
    {
        var (exit, lines, _) = await RunAsync(Approval, null);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(lines[0], Is.EqualTo("""{"seq":1,"type":"processStarted","elementId":"approval","elementType":"process"}"""));
        Assert.That(lines[1], Is.EqualTo("""{"seq":2,"type":"elementActivated","elementId":"start","elementType":"startEvent","name":"Request"}"""));
        Assert.That(lines, Has.Some.EqualTo("""{"seq":6,"type":"taskCreated","elementId":"approve","elementType":"userTask","name":"Approve","task":{"candidateGroups":["finance"],"candidateFilter":"(department=finance)"}}"""));
        var result = Parse(lines[^1]);
        Assert.That(result.GetProperty("result").GetString(), Is.EqualTo("waiting"));
        Assert.That(result.GetProperty("waitingFor").EnumerateArray().Select(w => w.GetProperty("elementId").GetString()), Is.EqualTo(new[] { "approve", "late" }));
        Assert.That(result.GetProperty("waitingFor")[1].GetProperty("dueAt").GetString(), Is.EqualTo("2026-01-01T01:00:00+00:00"));
        Assert.That(result.GetProperty("incidents").GetArrayLength(), Is.EqualTo(0));
    }

    [Test]
    public async Task Run_EventsFile_DrivesTimersAndTasksToCompletion()
    {
        var events = """
            {"advanceTime": "PT2H"}
            {"complete": "approve", "data": {"approved": false}}
            """;
        var (exit, lines, _) = await RunAsync(Approval, events, "--vars", "{dir}/vars.json");
        Assert.That(exit, Is.EqualTo(2), "the vars file does not exist yet");

        (exit, lines, _) = await RunAsync(Approval, events);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(lines.Select(Parse).Where(e => e.TryGetProperty("type", out var t) && t.GetString() == "elementActivated").Select(e => e.GetProperty("elementId").GetString()),
            Is.EqualTo(new[] { "start", "approve", "late", "remind", "remindEnd", "decide", "rejected" }));
        var result = Parse(lines[^1]);
        Assert.That(result.GetProperty("result").GetString(), Is.EqualTo("completed"));
        Assert.That(result.GetProperty("variables").GetRawText(), Is.EqualTo("""{"reminded":true,"approved":false}"""));
    }

    [Test]
    public async Task Run_Auto_CompletesEveryWaitingTaskWithNoData_AndAConditionOnUndefinedIsAnIncident()
    {
        var (exit, lines, _) = await RunAsync(Approval, null, "--auto");
        var result = Parse(lines[^1]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(result.GetProperty("result").GetString(), Is.EqualTo("waiting"));
        Assert.That(result.GetProperty("incidents")[0].GetProperty("elementId").GetString(), Is.EqualTo("yes"));
        Assert.That(result.GetProperty("incidents")[0].GetProperty("message").GetString(), Does.Contain("ReferenceError"));
    }

    [Test]
    public async Task Run_Vars_AreStartVariables()
    {
        var directory = Directory.CreateTempSubdirectory("ocapwf-vars-");
        try
        {
            var vars = Path.Combine(directory.FullName, "vars.json");
            await File.WriteAllTextAsync(vars, """{"approved": true}""");
            var (exit, lines, _) = await RunAsync(Approval, null, "--vars", vars, "--auto");
            Assert.That(exit, Is.EqualTo(0));
            var result = Parse(lines[^1]);
            Assert.That(result.GetProperty("result").GetString(), Is.EqualTo("completed"));
            Assert.That(lines.Select(Parse).Any(e => e.TryGetProperty("elementId", out var id) && id.GetString() == "approved"), Is.True);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Run_MessagesSignalsAndErrors_AreDeliveredFromTheEventsFile()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <message id="m" name="paid" />
              <signal id="s" name="go" />
              <error id="e" errorCode="CARD_DECLINED" />
              <process id="p" isExecutable="true">
                <startEvent id="start" />
                <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
                <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="m" /></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="wait" targetRef="go" />
                <intermediateCatchEvent id="go"><signalEventDefinition signalRef="s" /></intermediateCatchEvent>
                <sequenceFlow id="f3" sourceRef="go" targetRef="charge" />
                <serviceTask id="charge" />
                <boundaryEvent id="declined" attachedToRef="charge"><errorEventDefinition errorRef="e" /></boundaryEvent>
                <sequenceFlow id="f4" sourceRef="charge" targetRef="ok" />
                <endEvent id="ok" />
                <sequenceFlow id="f5" sourceRef="declined" targetRef="bad" />
                <endEvent id="bad" />
              </process>
            </definitions>
            """;
        var events = """
            {"message": "paid", "data": {"amount": 12.5}}
            {"signal": "go"}
            {"throwError": "charge", "code": "CARD_DECLINED"}
            """;
        var (exit, lines, _) = await RunAsync(xml, events);
        Assert.That(exit, Is.EqualTo(0));
        var result = Parse(lines[^1]);
        Assert.That(result.GetProperty("result").GetString(), Is.EqualTo("completed"));
        Assert.That(result.GetProperty("variables").GetProperty("amount").GetDouble(), Is.EqualTo(12.5));
        Assert.That(lines.Select(Parse).Any(e => e.TryGetProperty("elementId", out var id) && id.GetString() == "bad"), Is.True);
    }

    [Test]
    public async Task Run_EventNothingWaitsFor_FailsAndSaysWhich()
    {
        var (exit, lines, error) = await RunAsync(Approval, """{"complete": "nosuchtask"}""");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("events.jsonl:1: No task 'nosuchtask' is waiting in this instance."));
        Assert.That(Parse(lines[^1]).GetProperty("result").GetString(), Is.EqualTo("waiting"));
    }

    [Test]
    public async Task Run_MalformedEventLine_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync(Approval, """{"complete": "approve", "dta": {}}""");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown property \"dta\""));
    }

    [Test]
    public async Task Run_InvalidDiagram_PrintsDiagnosticsAndFails()
    {
        var (exit, lines, error) = await RunAsync(Approval.Replace("<conditionExpression language=\"javascript\">approved === true", "<conditionExpression>${approved}", StringComparison.Ordinal), null);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(lines, Is.Empty);
        Assert.That(error, Does.Contain("error: JUEL expressions are not supported"));
    }

    [Test]
    public async Task Run_UncaughtErrorEndEvent_FailsTheInstance()
    {
        const string xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <error id="e" errorCode="BOOM" />
              <process id="p" isExecutable="true">
                <startEvent id="start" />
                <sequenceFlow id="f1" sourceRef="start" targetRef="end" />
                <endEvent id="end"><errorEventDefinition errorRef="e" /></endEvent>
              </process>
            </definitions>
            """;
        var (exit, lines, _) = await RunAsync(xml, null);
        var result = Parse(lines[^1]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(result.GetProperty("result").GetString(), Is.EqualTo("failed"));
        Assert.That(result.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("BOOM"));
    }

    [Test]
    public async Task Run_ScriptModule_IsLoadedFromTheModulesFolder()
    {
        const string xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ocap="https://ocap-workflow.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
              <process id="p" isExecutable="true">
                <startEvent id="start" />
                <sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
                <scriptTask id="calc" ocap:scriptModule="calc/total.js" />
                <sequenceFlow id="f2" sourceRef="calc" targetRef="end" />
                <endEvent id="end" />
              </process>
            </definitions>
            """;
        var directory = Directory.CreateTempSubdirectory("ocapwf-modules-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "calc"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "calc", "total.js"), "execution.setVariable('total', 2 * 21);");
            var (exit, lines, _) = await RunAsync(xml, null, "--modules", directory.FullName);
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(Parse(lines[^1]).GetProperty("variables").GetProperty("total").GetInt32(), Is.EqualTo(42));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Run_SeveralExecutableProcesses_NeedsProcess()
    {
        const string xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <process id="a" isExecutable="true"><startEvent id="s1" /></process>
              <process id="b" isExecutable="true"><startEvent id="s2" /><sequenceFlow id="f" sourceRef="s2" targetRef="e2" /><endEvent id="e2" /></process>
            </definitions>
            """;
        var (exit, _, error) = await RunAsync(xml, null);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("the file has 2 executable processes; name one with --process (a, b)."));

        var (chosen, lines, _) = await RunAsync(xml, null, "--process", "b");
        Assert.That(chosen, Is.EqualTo(0));
        Assert.That(Parse(lines[^1]).GetProperty("result").GetString(), Is.EqualTo("completed"));
    }

    // Camunda 8 diagrams as Camunda Modeler 5 exports them (FEEL conditions, zeebe:ioMapping, multi-instance,
    // FEEL timers, assignments and correlation keys), copied from the workflow tests' Bpmn/Camunda8 folder.
    private static async Task<(int Exit, string[] Lines, string Error)> RunCamunda8Async(string file, string variables, string events, params string[] extra)
    {
        var xml = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Camunda8", file));
        var directory = Directory.CreateTempSubdirectory("ocapwf-run-c8-");
        try
        {
            var varsPath = Path.Combine(directory.FullName, "vars.json");
            await File.WriteAllTextAsync(varsPath, variables);
            return await RunAsync(xml, events, [.. extra, "--vars", varsPath]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Run_Camunda8ExpenseApproval_FeelGatewaysMappingsTimerAndAssignment()
    {
        const string events = """
            {"complete": "Task_enrich", "data": {"riskScore": 20}}
            {"advanceTime": "PT24H"}
            {"complete": "Task_remind"}
            {"complete": "Task_approve", "data": {"approved": true, "comment": "fine"}}
            {"complete": "Task_book"}
            """;
        var (exit, lines, error) = await RunCamunda8Async("expense-approval.bpmn",
            """{"expense": {"id": "E-7", "amount": 2500, "category": "travel", "department": "sales"}}""", events);
        Assert.That(exit, Is.EqualTo(0), error);
        var parsed = lines.Select(Parse).ToList();
        Assert.That(parsed.Any(e => e.TryGetProperty("type", out var t) && t.GetString() == "taskCreated"
            && e.GetProperty("elementId").GetString() == "Task_approve"
            && e.GetProperty("task").GetProperty("candidateGroups").GetRawText() == """["finance","sales"]"""), Is.True);
        Assert.That(parsed.Any(e => e.TryGetProperty("dueAt", out var due) && due.GetString() == "2026-01-02T00:00:00+00:00"), Is.True, "the FEEL timer gave PT24H");
        var final = parsed[^1];
        Assert.That(final.GetProperty("result").GetString(), Is.EqualTo("completed"));
        Assert.That(final.GetProperty("variables").GetRawText(), Is.EqualTo(
            """{"expense":{"id":"E-7","amount":2500,"category":"travel","department":"sales","risk":20,"reviewComment":"fine"},"riskLevel":"low","decision":"approved"}"""));
    }

    [Test]
    public async Task Run_Camunda8OrderFulfilment_MultiInstanceAndFeelCorrelationKey()
    {
        const string events = """
            {"complete": "Task_reserve", "data": {"reserved": true}}
            {"complete": "Task_reserve", "data": {"reserved": true}}
            {"message": "payment-received", "correlationKey": "O-1", "data": {"payment": {"amount": 25.5}}}
            {"complete": "Task_ship", "data": {"trackingNumber": "T-9"}}
            """;
        var (exit, lines, error) = await RunCamunda8Async("order-fulfilment.bpmn",
            """{"order": {"id": "O-1", "items": [{"sku": "A", "quantity": 2, "price": 10}, {"sku": "B", "quantity": 1, "price": 5.5}]}, "paymentTermDays": 7}""", events);
        Assert.That(exit, Is.EqualTo(0), error);
        var final = Parse(lines[^1]);
        Assert.That(final.GetProperty("result").GetString(), Is.EqualTo("completed"));
        Assert.That(final.GetProperty("variables").GetProperty("reservations").GetRawText(), Is.EqualTo("""[{"sku":"A","reserved":true},{"sku":"B","reserved":true}]"""));
        Assert.That(final.GetProperty("variables").GetProperty("order").GetProperty("tracking").GetString(), Is.EqualTo("T-9"));
        Assert.That(lines.Select(Parse).Any(e => e.TryGetProperty("elementId", out var id) && id.GetString() == "Event_shipped"), Is.True);
    }

    [Test]
    public async Task Run_Camunda8LoanApplication_CallActivityByFeelAndSequentialVote()
    {
        const string events = """
            {"complete": "Task_credit", "data": {"rating": "A"}}
            {"complete": "Task_guarantor", "data": {"guarantorOk": true}}
            {"complete": "Task_vote", "data": {"vote": "yes"}}
            {"complete": "Task_vote", "data": {"vote": "no"}}
            {"complete": "Task_vote", "data": {"vote": "yes"}}
            """;
        var (exit, lines, error) = await RunCamunda8Async("loan-application.bpmn",
            """{"applicant": {"birthDate": "2005-06-01", "income": 60000}, "loan": {"amount": 20000, "product": "standard", "officer": "olga", "committee": ["ann", "bob", "cy"]}}""",
            events, "--process", "loan-application");
        Assert.That(exit, Is.EqualTo(0), error);
        var parsed = lines.Select(Parse).ToList();
        var assignees = parsed.Where(e => e.TryGetProperty("type", out var t) && t.GetString() == "taskCreated" && e.TryGetProperty("task", out _))
            .Select(e => e.GetProperty("task").GetProperty("assignee").GetString());
        Assert.That(assignees, Is.EqualTo(new[] { "olga", "ann", "bob", "cy" }));
        var final = parsed[^1];
        Assert.That(final.GetProperty("result").GetString(), Is.EqualTo("completed"));
        Assert.That(final.GetProperty("variables").GetProperty("loan").GetProperty("score").GetInt32(), Is.EqualTo(700));
        Assert.That(parsed.Any(e => e.TryGetProperty("elementId", out var id) && id.GetString() == "Event_granted"), Is.True);
    }

    [Test]
    public async Task Run_Camunda8BrokenFeel_IsRefusedWithTheElementAndFeelPosition()
    {
        var xml = (await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Camunda8", "expense-approval.bpmn")))
            .Replace("=decision = \"approved\"", "=decision = ", StringComparison.Ordinal);
        var (exit, _, error) = await RunAsync(xml, null);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("error: The FEEL condition '=decision =' does not parse at line 1, column 12 of the expression").And.Contain("[Flow_approved]"));
    }
}
