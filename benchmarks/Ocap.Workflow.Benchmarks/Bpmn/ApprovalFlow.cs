using System.Text;
using System.Text.Json;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Benchmarks.Bpmn;

/// <summary>The approval flow of the performance targets: start, user task, exclusive gateway with two JavaScript
/// conditions, two end events; plus a generated 100-element diagram.</summary>
internal static class ApprovalFlow
{
    public const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
          <process id="approval" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
            <userTask id="approve" name="Approve" camunda:candidateGroups="finance" />
            <sequenceFlow id="f2" sourceRef="approve" targetRef="decide" />
            <exclusiveGateway id="decide" />
            <sequenceFlow id="yes" sourceRef="decide" targetRef="approved"><conditionExpression language="javascript">approved === true</conditionExpression></sequenceFlow>
            <sequenceFlow id="no" sourceRef="decide" targetRef="rejected"><conditionExpression language="javascript">approved === false</conditionExpression></sequenceFlow>
            <endEvent id="approved" />
            <endEvent id="rejected" />
          </process>
        </definitions>
        """;

    public static byte[] Bytes => Encoding.UTF8.GetBytes(Xml);

    /// <summary>108 elements: 50 flow nodes and 58 sequence flows, a chain of user tasks with an exclusive gateway
    /// (one JavaScript condition plus a default flow) at every fifth node. <paramref name="variant"/> changes every
    /// condition's text, so a sandbox that has prepared one variant must prepare the next one afresh.</summary>
    public static byte[] HundredElements(int variant = 0)
    {
        var body = new StringBuilder("<startEvent id=\"n0\" />");
        var flows = 0;
        for (var i = 1; i < 49; i++)
        {
            body.Append(i % 5 == 0 ? $"<exclusiveGateway id=\"n{i}\" default=\"f{flows + 1}\" />" : $"<userTask id=\"n{i}\" name=\"Step {i}\" />");
        }

        body.Append("<endEvent id=\"n49\" />");
        for (var i = 0; i < 49; i++)
        {
            body.Append($"<sequenceFlow id=\"f{++flows}\" sourceRef=\"n{i}\" targetRef=\"n{i + 1}\" />");
        }

        for (var i = 5; i < 49; i += 5)
        {
            body.Append($"<sequenceFlow id=\"f{++flows}\" sourceRef=\"n{i}\" targetRef=\"n49\"><conditionExpression language=\"javascript\">amount &gt; {i * 100 + variant}</conditionExpression></sequenceFlow>");
        }

        return Encoding.UTF8.GetBytes($"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="big" isExecutable="true">{body}</process></definitions>""");
    }

    /// <summary>Interpreter-only conditions in C#: what the interpreter costs without any script engine.</summary>
    internal sealed class CSharpConditions : IBpmnScriptEvaluator
    {
        private static readonly JsonElement True = JsonSerializer.SerializeToElement(true);
        private static readonly JsonElement False = JsonSerializer.SerializeToElement(false);

        public string? Check(BpmnExpression expression, BpmnScriptPurpose purpose) => null;

        public BpmnScriptOutcome Evaluate(BpmnScriptRequest request)
        {
            var approved = request.Variables.TryGetValue("approved", out var value) && value.ValueKind == JsonValueKind.True;
            var wanted = request.Expression.Text.EndsWith("true", StringComparison.Ordinal);
            return BpmnScriptOutcome.Success(approved == wanted ? True : False);
        }
    }
}
