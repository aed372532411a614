using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>
/// The flat path (a form without FEEL whose inputs sit at the top level under one-segment keys) must answer exactly
/// as the general walk: the same errors, the same refusals and the same data written to the same text, in the same
/// order. Where it keeps a parsed value as its element, writing it must give the text the walk's copy gives.
/// </summary>
public class FlatFormValidationTests
{
    private const string ApprovalForm = """
        { "id": "approval-form", "type": "default", "schemaVersion": 16, "components": [
          { "id": "amount", "key": "amount", "type": "number", "label": "Amount", "validate": { "required": true, "min": 0 } },
          { "id": "costCentre", "key": "costCentre", "type": "textfield", "label": "Cost centre", "validate": { "required": true, "pattern": "^[A-Z]{2}[0-9]{3}$" } },
          { "id": "reason", "key": "reason", "type": "textarea", "label": "Reason", "validate": { "maxLength": 200 } },
          { "id": "approved", "key": "approved", "type": "checkbox", "label": "Approved" },
          { "id": "category", "key": "category", "type": "select", "label": "Category",
            "values": [ { "label": "Travel", "value": "travel" }, { "label": "Equipment", "value": "equipment" } ] } ] }
        """;

    private const string EveryKind = """
        { "id": "kinds", "type": "default", "schemaVersion": 16, "components": [
          { "id": "t", "key": "t", "type": "textfield", "validate": { "required": true, "minLength": 2 } },
          { "id": "a", "key": "a", "type": "textarea" },
          { "id": "n", "key": "n", "type": "number", "validate": { "min": -5, "max": 1e15 } },
          { "id": "s", "key": "s", "type": "number", "serializeToString": true },
          { "id": "c", "key": "c", "type": "checkbox" },
          { "id": "r", "key": "r", "type": "radio", "values": [ { "label": "One", "value": 1 }, { "label": "Yes", "value": true }, { "label": "A", "value": "a" } ] },
          { "id": "k", "key": "k", "type": "select", "valuesKey": "choices" },
          { "id": "g", "type": "group", "components": [
            { "id": "d", "key": "d", "type": "datetime", "subtype": "date" },
            { "id": "tm", "key": "tm", "type": "datetime", "subtype": "time" },
            { "id": "dt", "key": "dt", "type": "datetime", "subtype": "datetime" } ] },
          { "id": "f", "key": "f", "type": "filepicker" },
          { "id": "x", "key": "x", "type": "textfield", "disabled": true },
          { "id": "e", "key": "e", "type": "expression", "expression": 3 },
          { "id": "l", "key": "l", "type": "checklist", "values": [ { "label": "One", "value": "one" } ] } ] }
        """;

    public static IEnumerable<TestCaseData> Submissions()
    {
        string[] data =
        [
            """{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}""",
            """{"amount":250.50,"costCentre":"fi100","reason":"line\nbreak","approved":"yes","category":"other"}""",
            """{"amount":"250","costCentre":"AB123\n","reason":"  ","approved":false,"category":"equipment","extra":1}""",
            """{"amount":-1,"costCentre":"","reason":null,"category":null}""",
            """{"amount":1e3,"costCentre":"M\u00DCnchen","reason":"caf\u00e9 \ud83d\ude00 \"quoted\"","approved":true,"category":"travel"}""",
            """{"amount":0.00001,"costCentre":"AB123","reason":"\ud800","category":"travel"}""",
            """{"amount":-0,"costCentre":["AB123"],"reason":{"a":1},"approved":1,"category":1}""",
            "{}",
            "null",
            // Kept values, then one that is not (the ones before it become nodes), then kept ones again.
            """{"amount":250,"costCentre":"FI100","reason":"travel","approved":"yes","category":"travel"}""",
            // Properties in another order than the form's, and others between them: found by name all the same.
            """{"category":"travel","approved":true,"reason":"travel","costCentre":"FI100","amount":250}""",
            """{"x":1,"amount":250,"y":"FI100","costCentre":"FI100","reason":"  travel  ","approved":true,"category":"travel","z":3}""",
            """{"amount":250,"reason":"travel","costCentre":"FI100"}""",
            // Texts the rules read from their bytes (printable ASCII) or decoded (escapes), with spaces to trim.
            """{"amount":250,"costCentre":" FI10","reason":"   ","approved":true,"category":"travel"}""",
            """{"amount":250,"costCentre":"\u0046I100","reason":"\u0020x\u0020","approved":true,"category":"travel"}""",
            """{"amount":250,"costCentre":"FI1000","reason":"","approved":true,"category":"travel"}""",
        ];
        foreach (var text in data)
        {
            yield return new TestCaseData(ApprovalForm, text);
        }

        string[] kinds =
        [
            """{"t":"hi","a":"x\ny","n":12.5,"s":"12.50","c":true,"r":1,"k":"b","choices":["a","b"],"d":"2024-01-31","tm":"10:30","dt":"2024-01-31T10:30:00Z","f":"files::x","x":"no","e":4,"l":["one","two"]}""",
            """{"t":"h","a":7,"n":0.1,"s":3,"c":"true","r":true,"k":"c","choices":["a","b"],"d":"2024-13-01","tm":"25:00","dt":"later","f":12,"l":"one"}""",
            """{"t":"\t\tab","n":123456789012345,"s":"abc","c":false,"r":"a","k":"a","choices":"a","d":20240131,"f":false}""",
            """{"t":"ab","n":1234567890123456,"r":2,"k":1,"choices":[1,"a"],"f":{"id":"x"}}""",
            """{"t":"ab","n":0.0001,"r":1.0,"k":true,"choices":[true]}""",
            """{"t":"ab","n":-0.5,"r":false,"f":-0}""",
            """{"t":"ab","n":"NaN"}""",
            """{"t":"ab","n":"12abc"}""",
            """{"t":"  a  ","n":3}""",
            """{"t":" ab ","n":3}""",
            """{"t":"\u00A0a\u00A0","n":3}""",
            """{"t":"\u2003ab","n":3}""",
            """{"t":"NaN","n":"NaN","s":"NaN"}""",
            """{"n":"  ","t":"ab"}""",
            """{"t":"a\u0062","a":"caf\u00e9","r":"\u0061","k":"\u0062","choices":["a","b"],"d":"2024-01-3\u0031","f":"\ud83d\ude00"}""",
        ];
        foreach (var text in kinds)
        {
            yield return new TestCaseData(EveryKind, text);
        }
    }

    [TestCaseSource(nameof(Submissions))]
    public void Validate_FlatForm_AnswersAsTheWalk(string schema, string data)
    {
        var validator = FormValidator.Create(FormDefinition.Parse(schema));
        Assert.That(validator.IsFlat, Is.True);
        AssertSameAsWalk(validator, data);
    }

    [Test]
    public void Validate_EveryFlatReferenceCase_AnswersAsTheWalk()
    {
        var flat = 0;
        foreach (var testCase in ReferenceData.Load("form-js-2.0.0-submit.json"))
        {
            var validator = Create(testCase!["schema"]);
            if (validator is { IsFlat: true })
            {
                flat++;
                AssertSameAsWalk(validator, testCase["data"]?.ToJsonString() ?? "null", testCase["name"]!.GetValue<string>());
            }
        }

        // Most recorded cases are flat forms; the rest (groups with a path, lists, dotted keys) take the walk.
        Assert.That(flat, Is.GreaterThan(200));
    }

    [Test]
    public void Validate_ApprovalSubmission_KeepsEveryValueAsItsParsedElement()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        var result = validator.Validate(JsonNode.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}"""));

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.DataUnsafe.Select(p => p.Value is JsonValue v && v.TryGetValue<JsonElement>(out _)), Is.All.True);
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}"""));
    }

    [Test]
    public void ValidateAsync_ParsedElementOfAFlatForm_IsReadWithoutBuildingNodes()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        var data = JsonElement.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel","extra":[1]}""");

        var result = validator.ValidateAsync(data, null, CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(validator.ReadsElements, Is.True);
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.DataUnsafe.Select(p => p.Value is JsonValue v && v.TryGetValue<JsonElement>(out _)), Is.All.True);
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}"""));
    }

    [Test]
    public void ValidateAsync_EveryValueKept_GivesTheElementsAndBuildsTheDataOnlyWhenRead()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        var data = JsonElement.Parse("""{"category":"travel","amount":250,"reason":"trip","costCentre":"FI100","approved":true,"extra":[1]}""");

        var result = validator.ValidateAsync(data, null, CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(result.Elements, Is.Not.Null);
        Assert.That(result.Elements!.Select(p => (p.Key, p.Value.GetRawText())),
            Is.EqualTo(new[] { ("amount", "250"), ("costCentre", "\"FI100\""), ("reason", "\"trip\""), ("approved", "true"), ("category", "\"travel\"") }));
        var first = result.DataUnsafe;
        Assert.That(result.DataUnsafe, Is.SameAs(first), "built once");
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"amount":250,"costCentre":"FI100","reason":"trip","approved":true,"category":"travel"}"""));
    }

    [TestCase("""{"amount":"250","costCentre":"FI100"}""")]
    [TestCase("""{"amount":250.50,"costCentre":"FI100"}""")]
    [TestCase("""{"amount":250,"costCentre":"FI100","category":"other"}""")]
    public void ValidateAsync_AValueCleanedToANewOne_GivesNoElements(string submission)
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));

        var result = validator.ValidateAsync(JsonElement.Parse(submission), null, CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(result.Elements, Is.Null);
        Assert.That(result.DataUnsafe.ContainsKey("amount"), Is.True);
    }

    [TestCase("""{"c":"caf\u00e9"}""")]
    [TestCase("""{"c":"café"}""")]
    [TestCase("""{"c":"cafe"}""")]
    [TestCase("""{"c":"\ud83d\ude00"}""")]
    [TestCase("""{"c":"\ud800"}""")]
    [TestCase("""{"c":"1"}""")]
    [TestCase("""{"c":1}""")]
    [TestCase("""{"c":"a\"b"}""")]
    [TestCase("""{"c":""}""")]
    public void Validate_SelectWithStringOptions_AnswersAsTheWalk(string data)
    {
        foreach (var options in new[]
        {
            """[ { "label": "A", "value": "café" }, { "label": "B", "value": "😀" }, { "label": "C", "value": "a\"b" }, { "label": "D", "value": 1 } ]""",
            """[ { "label": "A", "value": "caf\u00e9" }, { "label": "B", "value": "\ud83d\ude00" } ]""",
            """[ { "label": "A", "value": "" }, { "label": "B", "value": "1" } ]""",
        })
        {
            var validator = FormValidator.Create(FormDefinition.Parse($$"""
                { "id": "f", "type": "default", "components": [ { "id": "c", "key": "c", "type": "select", "values": {{options}} } ] }
                """));
            AssertSameAsWalk(validator, data, options);
        }
    }

    [Test]
    public void ValidateAsync_ParsedElementWithErrors_ReportsThemAsForTheNodes()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        const string Data = """{"amount":-3,"costCentre":"fi","reason":{"a":1},"category":"other"}""";

        var fromElement = validator.ValidateAsync(JsonElement.Parse(Data), null, CancellationToken.None).GetAwaiter().GetResult();
        var fromNodes = validator.Validate(JsonNode.Parse(Data));

        Assert.That(fromElement.ErrorsToJson().ToJsonString(), Is.EqualTo("""{"amount":["Field must have minimum value of 0."],"costCentre":["Field must match pattern ^[A-Z]{2}[0-9]{3}$."]}"""));
        Assert.That(fromElement.ErrorsToJson().ToJsonString(), Is.EqualTo(fromNodes.ErrorsToJson().ToJsonString()));
        Assert.That(fromElement.DataUnsafe.ToJsonString(), Is.EqualTo(fromNodes.DataUnsafe.ToJsonString()));
    }

    [Test]
    public void ValidateAsync_ParsedElementOfAFormWithValuesKey_BuildsTheNodes()
    {
        var validator = FormValidator.Create(FormDefinition.Parse("""{"type":"default","id":"F","schemaVersion":19,"components":[{"type":"select","id":"s","key":"s","valuesKey":"options"}]}"""));

        var result = validator.ValidateAsync(JsonElement.Parse("""{"s":"b","options":["a","b"]}"""), null, CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(validator.IsFlat, Is.True);
        Assert.That(validator.ReadsElements, Is.False);
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo("""{"s":"b"}"""));
    }

    [Test]
    public void ValidateAsync_NoElement_IsValidatedAsNoData()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));

        var result = validator.ValidateAsync(default(JsonElement), null, CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(result.ErrorsToJson().ToJsonString(), Is.EqualTo(validator.Validate(null).ErrorsToJson().ToJsonString()));
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo("""{"amount":null,"costCentre":"","reason":"","approved":false,"category":null}"""));
    }

    [Test]
    public void ValidateAsync_ParsedElementThatIsNotAnObject_IsRefusedAsForTheNodes()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));

        var task = validator.ValidateAsync(JsonElement.Parse("[1]"), null, CancellationToken.None).AsTask();

        Assert.That(task.IsFaulted, Is.True);
        Assert.That(task.Exception!.InnerException, Is.InstanceOf<FormDataException>());
    }

    [Test]
    public void Validate_NumberNotInItsShortestForm_IsCleanedToANewNumber()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        var result = validator.Validate(JsonNode.Parse("""{"amount":250.50,"costCentre":"FI100"}"""));

        Assert.That(result.DataUnsafe["amount"]!.AsValue().TryGetValue<JsonElement>(out _), Is.False);
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo("""{"amount":250.5,"costCentre":"FI100","reason":"","approved":false,"category":null}"""));
    }

    [Test]
    public void Validate_ValuesBuiltInCode_AreCleanedAsBefore()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        var data = new JsonObject { ["amount"] = 250.0, ["costCentre"] = "FI100", ["reason"] = "a\tb", ["approved"] = true, ["category"] = "travel" };

        var result = validator.Validate(data);

        Assert.That(result.DataUnsafe.Select(p => p.Value is JsonValue v && v.TryGetValue<JsonElement>(out _)), Is.All.False);
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo(validator.ValidateByWalk(data).DataUnsafe.ToJsonString()));
        Assert.That(result.DataUnsafe.ToJsonString(), Is.EqualTo("""{"amount":250,"costCentre":"FI100","reason":"a\tb","approved":true,"category":"travel"}"""));
    }

    [Test]
    public void Data_OfKeptValues_IsADetachedCopyOfPlainValues()
    {
        var validator = FormValidator.Create(FormDefinition.Parse(ApprovalForm));
        var result = validator.Validate(JsonNode.Parse("""{"amount":250,"costCentre":"FI100","reason":"travel","approved":true,"category":"travel"}"""));

        var copy = result.Data;
        Assert.That(copy.Select(p => p.Value is JsonValue v && v.TryGetValue<JsonElement>(out _)), Is.All.False);
        Assert.That(copy.ToJsonString(), Is.EqualTo(result.DataUnsafe.ToJsonString()));
        Assert.That(copy, Is.Not.SameAs(result.DataUnsafe));
    }

    [TestCase("""{"type":"group","id":"g","path":"p","components":[{"type":"textfield","id":"t","key":"t"}]}""")]
    [TestCase("""{"type":"textfield","id":"t","key":"a.b"}""")]
    [TestCase("""{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"components":[{"type":"textfield","id":"t","key":"v"}]}""")]
    [TestCase("""{"type":"textfield","id":"t","key":"a","conditional":{"hide":"=true"}}""")]
    public void Create_FormThatIsNotFlat_TakesTheWalk(string components)
    {
        var validator = FormValidator.Create(FormDefinition.Parse($$"""{"type":"default","id":"F","schemaVersion":19,"components":[{{components}}]}"""));
        Assert.That(validator.IsFlat, Is.False);
    }

    [TestCase("0", true)]
    [TestCase("250", true)]
    [TestCase("-17", true)]
    [TestCase("12.5", true)]
    [TestCase("0.0001", true)]
    [TestCase("-0.25", true)]
    [TestCase("999999999999999", true)]
    [TestCase("1000000000000000", false)]
    [TestCase("0.00001", false)]
    [TestCase("-0", false)]
    [TestCase("250.50", false)]
    [TestCase("250.0", false)]
    [TestCase("1e3", false)]
    [TestCase("1E+3", false)]
    [TestCase("0.1234567890123456", false)]
    [TestCase("012", false)]
    public void IsShortestForm_KnownTexts(string text, bool expected) =>
        Assert.That(ParsedValues.IsShortestForm(Encoding.UTF8.GetBytes(text)), Is.EqualTo(expected));

    [Test]
    public void IsShortestForm_WhenTrue_IsWhatWritingTheDoubleGives()
    {
        var random = new Random(7);
        var accepted = 0;
        for (var i = 0; i < 20000; i++)
        {
            var integer = random.Next(3) == 0 ? "0" : Digits(random, random.Next(1, 17));
            var fraction = random.Next(3) == 0 ? string.Empty : "." + new string('0', random.Next(5)) + Digits(random, random.Next(1, 12));
            var text = (random.Next(2) == 0 ? "-" : string.Empty) + integer + fraction;
            if (ParsedValues.IsShortestForm(Encoding.UTF8.GetBytes(text)))
            {
                accepted++;
                var value = double.Parse(text, CultureInfo.InvariantCulture);
                Assert.That(JsonValue.Create(value).ToJsonString(), Is.EqualTo(text));
                var exact = ParsedValues.IntegerOf(Encoding.UTF8.GetBytes(text));
                Assert.That(exact, Is.EqualTo(text.Contains('.', StringComparison.Ordinal) ? null : value), text);
            }
        }

        Assert.That(accepted, Is.GreaterThan(5000));
    }

    [Test]
    public void IsPlain_IsPrintableAsciiWithoutABackslash_ForEveryByteAndRandomTexts()
    {
        static bool Expected(ReadOnlySpan<byte> raw) => raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 && !raw.Contains((byte)'\\');
        for (var b = 0; b < 256; b++)
        {
            byte[] one = [(byte)b];
            byte[] longer = [.. Enumerable.Repeat((byte)'a', 40), (byte)b];
            Assert.That(ParsedValues.IsPlain(one), Is.EqualTo(Expected(one)), $"byte {b}");
            Assert.That(ParsedValues.IsPlain(longer), Is.EqualTo(Expected(longer)), $"byte {b} after 40");
        }

        var random = new Random(3);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new byte[random.Next(0, 48)];
            for (var j = 0; j < text.Length; j++)
            {
                text[j] = random.Next(0, 12) == 0 ? (byte)random.Next(0, 256) : (byte)random.Next(0x20, 0x7F);
            }

            Assert.That(ParsedValues.IsPlain(text), Is.EqualTo(Expected(text)), Convert.ToHexString(text));
        }
    }

    /// <summary>A run of decimal digits not starting with 0.</summary>
    private static string Digits(Random random, int length)
    {
        var digits = new char[length];
        for (var i = 0; i < length; i++)
        {
            digits[i] = (char)('0' + random.Next(i == 0 ? 1 : 0, 10));
        }

        return new string(digits);
    }

    private static FormValidator? Create(JsonNode? schema)
    {
        try
        {
            return FormValidator.Create(FormDefinition.FromJson(schema));
        }
        catch (FormSchemaException)
        {
            // Forms the planner refuses are covered by the reference tests; they have no path to compare.
            return null;
        }
    }

    private static void AssertSameAsWalk(FormValidator validator, string data, string what = "")
    {
        var (flat, flatError) = Outcome(() => validator.Validate(JsonNode.Parse(data)));
        var (walk, walkError) = Outcome(() => validator.ValidateByWalk(JsonNode.Parse(data)));
        var (element, elementError) = Outcome(() => validator.ValidateAsync(JsonElement.Parse(data), null, CancellationToken.None).GetAwaiter().GetResult());
        if (walkError is not null || flatError is not null || elementError is not null)
        {
            Assert.That(flatError?.GetType(), Is.EqualTo(walkError?.GetType()), what);
            Assert.That(flatError?.Message, Is.EqualTo(walkError?.Message), what);
            Assert.That(elementError?.GetType(), Is.EqualTo(walkError?.GetType()), what);
            Assert.That(elementError?.Message, Is.EqualTo(walkError?.Message), what);
            return;
        }

        AssertSame(flat!, walk!, what);
        AssertSame(element!, walk!, what + " (element)");
        if (element!.Elements is { } elements)
        {
            // The kept elements, each written as its raw text, are the walk's data.
            var text = "{" + string.Join(",", elements.Select(p => JsonSerializer.Serialize(p.Key) + ":" + p.Value.GetRawText())) + "}";
            Assert.That(JsonNode.Parse(text)!.ToJsonString(), Is.EqualTo(walk!.DataUnsafe.ToJsonString()), what + " (elements)");
            Assert.That(elements.Select(p => p.Key), Is.EqualTo(walk.DataUnsafe.Select(p => p.Key)), what + " (element names)");
        }
    }

    private static void AssertSame(FormValidationResult flat, FormValidationResult walk, string what)
    {

        Assert.That(flat.ErrorsToJson().ToJsonString(), Is.EqualTo(walk.ErrorsToJson().ToJsonString()), what);
        Assert.That(flat.Errors.Select(e => (e.ComponentId, string.Join(",", e.Indexes), string.Join("|", e.Messages))),
            Is.EqualTo(walk.Errors.Select(e => (e.ComponentId, string.Join(",", e.Indexes), string.Join("|", e.Messages)))), what);
        Assert.That(flat.DataUnsafe.ToJsonString(), Is.EqualTo(walk.DataUnsafe.ToJsonString()), what);
        Assert.That(flat.Data.ToJsonString(), Is.EqualTo(walk.Data.ToJsonString()), what);
        Assert.That(flat.DataUnsafe.Select(p => Kind(p.Value)), Is.EqualTo(walk.DataUnsafe.Select(p => Kind(p.Value))), what);
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static (FormValidationResult? Result, Exception? Error) Outcome(Func<FormValidationResult> validate)
    {
        try
        {
            return (validate(), null);
        }
        catch (Exception e) when (e is FormDataException or FormSchemaException)
        {
            // Text that is not valid UTF-16 (a lone surrogate escape) is a FormDataException on every path, never System.Text.Json's own exception.
            return (null, e);
        }
    }
}
