using System.Text.Json;
using Ocap.Workflow.Bpmn;
using Ocap.Workflow.History;
using Ocap.Workflow.Sandbox;
using Ocap.Workflow.Storage;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Runtime;

public sealed partial class WorkflowEngine
{
    /// <summary>An instance's history, exactly as stored, in sequence order.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var history = await _store.ReadHistoryAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceNotFoundException(tenant, instanceId);
        return history.Events;
    }

    /// <summary>Recomputes an instance's hash chain and reports every link that does not hold (the first one first).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    public Task<HistoryVerification> VerifyHistoryAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return HistoryVerifier.VerifyAsync(_store, tenant, instanceId, cancellationToken);
    }

    /// <summary>
    /// Re-runs a recorded script decision: the same script (its text must still hash to the recorded hash), the same
    /// recorded inputs and the recorded host time and randomness, through the deployment's evaluator, and compares the
    /// output with the recorded one.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="sequence">The sequence number of a <c>script-decision</c> history event.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="InstanceNotFoundException">The tenant has no such instance.</exception>
    /// <exception cref="ArgumentException">The event is missing, is not a script decision, or its script no longer matches its hash.</exception>
    public async Task<DecisionReplay> ReplayDecisionAsync(TenantId tenant, string instanceId, long sequence, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false);
        var events = await GetHistoryAsync(tenant, instanceId, cancellationToken).ConfigureAwait(false);
        var recorded = events.FirstOrDefault(e => e.Sequence == sequence)
            ?? throw new ArgumentException($"Instance '{instanceId}' has no history event {sequence}.", nameof(sequence));
        if (recorded.Type != "script-decision")
        {
            throw new ArgumentException($"History event {sequence} of instance '{instanceId}' is a '{recorded.Type}', not a script decision.", nameof(sequence));
        }

        using var document = JsonDocument.Parse(recorded.PayloadJson);
        var root = document.RootElement;
        var text = root.GetProperty("text").GetString()!;
        var module = root.TryGetProperty("module", out var m) ? m.GetString() : null;
        var scriptHash = root.GetProperty("scriptHash").GetString()!;
        var source = module is not null && loaded.Bundle.Modules.TryGetValue(module, out var moduleSource) ? moduleSource : text;
        if (ContentHash.Of(source) != scriptHash)
        {
            throw new ArgumentException($"The script of history event {sequence} no longer hashes to the recorded {scriptHash}; it cannot be replayed.", nameof(sequence));
        }

        var expression = new BpmnExpression(
            text,
            root.TryGetProperty("languageAttribute", out var attribute) ? attribute.GetString() : null,
            Enum.Parse<BpmnExpressionLanguage>(root.GetProperty("language").GetString()!),
            module,
            0,
            0);
        var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("inputs").EnumerateObject())
        {
            inputs[property.Name] = property.Value.Clone();
        }

        var element = root.GetProperty("element").GetString()!;
        var request = new BpmnScriptRequest(Enum.Parse<BpmnScriptPurpose>(root.GetProperty("purpose").GetString()!), expression, element, inputs)
        {
            Replay = HistoryPayloads.RecordedEffects(root),
        };
        var replayed = loaded.Bundle.Scripts.Inner.Evaluate(request);
        return new DecisionReplay(sequence, element, scriptHash, root.GetProperty("output").GetRawText(), HistoryPayloads.Outcome(replayed));
    }
}
