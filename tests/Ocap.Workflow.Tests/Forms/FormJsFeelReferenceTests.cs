using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>
/// Forms that use FEEL, recorded from form-js-viewer 2.0.0 under jsdom (Reference/form-js-2.0.0-feel-submit.json):
/// hide conditions with <c>this</c>/<c>parent</c>/<c>i</c>, FEEL bounds, <c>valuesExpression</c> options,
/// expression fields and display-only templates must give the same errors and submitted data.
/// </summary>
public class FormJsFeelReferenceTests
{
    private const string File = "form-js-2.0.0-feel-submit.json";

    /// <summary>Cases where we deliberately differ from the browser, with the reason.</summary>
    private static readonly Dictionary<string, string> Deviations = new(StringComparer.Ordinal)
    {
        // feelin compares "abc" > 1000 as JavaScript does (false), so the field shows; in FEEL a comparison of a
        // string with a number is null, and a null hide condition holds (feelin's own rule), so we hide it.
        // FormFeelTests.Validate_ConditionOverAMismatchedType_IsNullAndHides asserts our answer.
        ["hide.comparison#3"] = "a type mismatch is FEEL null, not a JavaScript comparison",

        // feelin adds in binary doubles (0.1 + 0.2 = 0.30000000000000004); FEEL numbers are decimals, so the
        // bound is exactly 0.3 (FormFeelTests.Validate_DecimalBound_IsExact asserts ours).
        ["bound.decimal#0"] = "decimal arithmetic instead of doubles",
        ["bound.decimal#1"] = "decimal arithmetic instead of doubles",
    };

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var node in ReferenceData.Load(File))
        {
            var name = node!["name"]!.GetValue<string>();
            if (!Deviations.ContainsKey(name))
            {
                yield return new TestCaseData(name).SetName("FormJsFeel_" + name.Replace('#', '_').Replace('.', '_'));
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Submit_MatchesFormJsViewer(string name)
    {
        var testCase = ReferenceData.Load(File).Single(c => c!["name"]!.GetValue<string>() == name)!;
        var expected = testCase["expected"]!;
        var result = FormValidator.Create(FormDefinition.FromJson(testCase["schema"])).Validate(testCase["data"]);
        FormJsReferenceTests.AssertJsonEqual(result.ErrorsToJson(), expected["errors"], "errors");
        FormJsReferenceTests.AssertJsonEqual(result.Data, expected["data"], "data");
    }

    [Test]
    public void Deviations_NameRecordedCases()
    {
        var names = ReferenceData.Load(File).Select(c => c!["name"]!.GetValue<string>()).ToHashSet();
        Assert.That(Deviations.Keys.Where(k => !names.Contains(k)), Is.Empty);
    }
}
