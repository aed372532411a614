namespace Ocap.Workflow.Forms;

/// <summary>form-js-viewer's validation messages (English, untranslated), word for word.</summary>
internal static class FormMessages
{
    public const string Required = "Field is required.";
    public const string NotANumber = "Value is not a number.";
    public const string Integer = "Value is expected to be an integer.";
    public const string OneDecimalDigit = "Value is expected to have at most 1 decimal digit.";
    public const string MinInvalid = "Min validation value is not a valid number.";
    public const string MaxInvalid = "Max validation value is not a valid number.";
    public const string Email = "Field must be a valid email.";
    public const string Phone = "Field must be a valid international phone number. (e.g. +4930664040900)";

    public static string DecimalDigits(string digits) => $"Value is expected to have at most {digits} decimal digits.";

    public static string Increment(string previous, string next) =>
        $"Please select a valid value, the two nearest valid values are {previous} and {next}.";

    public static string Pattern(string pattern) => $"Field must match pattern {pattern}.";

    public static string Min(string min) => $"Field must have minimum value of {min}.";

    public static string Max(string max) => $"Field must have maximum value of {max}.";

    public static string MinLength(string length) => $"Field must have minimum length of {length}.";

    public static string MaxLength(string length) => $"Field must have maximum length of {length}.";
}
