namespace ExpenseApproval.Api;

/// <summary>The request itself is malformed (a missing header, a body that is not a JSON object): 400.</summary>
internal sealed class InvalidRequestException(string message) : Exception(message);
