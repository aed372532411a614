using System.Text.Json.Serialization;

namespace Ocap.Workflow.Bpmn.Execution;

/// <summary>
/// Compile-time JSON metadata for <see cref="BpmnInstanceState"/>, with the same naming and null handling as
/// <see cref="BpmnInstanceState.JsonOptions"/>, so the text is the same as the reflection-based serializer writes
/// (a test compares them) while every command saves its state without reflection-driven converters.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BpmnInstanceState))]
internal sealed partial class BpmnStateJsonContext : JsonSerializerContext;
