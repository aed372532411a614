using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>
/// Every case recorded from form-js-viewer 2.0.0 under jsdom (Reference/form-js-2.0.0-submit.json): the same
/// schema and data must give the same errors and the same submitted data, or the same refusal.
/// </summary>
public class FormJsReferenceTests
{
    private const string File = "form-js-2.0.0-submit.json";

    /// <summary>
    /// Cases where we deliberately differ from the browser, with the reason. Each still has its own assertion in
    /// <see cref="FormValidatorTests"/>.
    /// </summary>
    private static readonly Dictionary<string, string> Deviations = new(StringComparer.Ordinal)
    {
        // The browser drops a file picker's value unless the file was picked in that browser session; on the
        // server the value is the reference to the uploaded files and must be kept.
        ["filepicker.cleanup#1"] = "file references are kept on the server",
        ["filepicker.cleanup#2"] = "file references are kept on the server",
        ["filepicker.required#1"] = "file references are kept on the server",
        // The time picker may rewrite a stored time while it renders ("10" to "10:00", "10:30-05:00" to local
        // time); whether it does depends on effect timing in the browser. A stored value is kept as submitted.
        ["datetime.time#7"] = "render-time reformatting of a time is not replayed",
        ["datetime.time#8"] = "render-time reformatting of a time is not replayed",
    };

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var node in ReferenceData.Load(File))
        {
            var name = node!["name"]!.GetValue<string>();
            if (!Deviations.ContainsKey(name))
            {
                yield return new TestCaseData(name).SetName("FormJs_" + name.Replace('#', '_').Replace('.', '_'));
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Submit_MatchesFormJsViewer(string name)
    {
        var testCase = ReferenceData.Load(File).Single(c => c!["name"]!.GetValue<string>() == name)!;
        var expected = testCase["expected"]!;

        FormValidationResult Run()
        {
            var form = FormDefinition.FromJson(testCase["schema"]);
            var validator = FormValidator.Create(form);
            return validator.Validate(testCase["data"]);
        }

        if (expected["importError"] is { } importError)
        {
            var message = importError.GetValue<string>();
            var e = Assert.Catch(() => Run());
            if (e is FormDataException)
            {
                Assert.That(e.Message, Does.Contain(message));
            }
            else
            {
                Assert.That(e, Is.InstanceOf<FormSchemaException>());
                Assert.That(e!.Message, Is.EqualTo(message));
            }

            return;
        }

        var result = Run();
        AssertJsonEqual(result.ErrorsToJson(), expected["errors"], "errors");
        AssertJsonEqual(result.Data, expected["data"], "data");
        Assert.That(result.IsValid, Is.EqualTo(expected["errors"]!.AsObject().Count == 0));
    }

    [Test]
    public void Corpus_CoversEveryDataComponentTypeAndEveryMessage()
    {
        var text = System.IO.File.ReadAllText(ReferenceData.Path(File));
        foreach (var type in new[] { "textfield", "textarea", "number", "datetime", "checkbox", "checklist", "radio", "select", "taglist", "expression", "filepicker", "group", "dynamiclist" })
        {
            Assert.That(text, Does.Contain($"\"type\": \"{type}\""), type);
        }

        foreach (var message in new[]
        {
            "Field is required.", "Value is expected to be an integer.", "Value is expected to have at most 1 decimal digit.",
            "decimal digits.", "the two nearest valid values are", "Field must match pattern", "Field must have minimum value of",
            "Field must have maximum value of", "Min validation value is not a valid number.", "Max validation value is not a valid number.",
            "Field must have minimum length of", "Field must have maximum length of", "Field must be a valid email.",
            "Field must be a valid international phone number. (e.g. +4930664040900)",
        })
        {
            Assert.That(text, Does.Contain(message), message);
        }
    }

    internal static void AssertJsonEqual(JsonNode? actual, JsonNode? expected, string what)
    {
        Assert.That(JsValues.DeepEquals(actual, expected), Is.True,
            $"{what}: expected {expected?.ToJsonString() ?? "null"} but was {actual?.ToJsonString() ?? "null"}");
    }
}
