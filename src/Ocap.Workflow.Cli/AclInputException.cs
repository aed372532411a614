namespace Ocap.Workflow.Cli;

/// <summary>A line or file of <c>ocapwf acl</c> input is not what the contract describes.</summary>
internal sealed class AclInputException(string message) : Exception(message);
