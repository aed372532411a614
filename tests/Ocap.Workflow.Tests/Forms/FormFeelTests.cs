using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Ocap.Workflow.Expressions.Feel;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

/// <summary>FEEL in forms: parsed at load, evaluated during validation as form-js-viewer evaluates it.</summary>
public class FormFeelTests
{
    private static FormDefinition Form(string components) =>
        FormDefinition.Parse($$"""{"type":"default","id":"F","schemaVersion":19,"components":[{{components}}]}""");

    private static FormValidationResult Validate(string components, string data) =>
        FormValidator.Create(Form(components)).Validate(JsonNode.Parse(data));

    [TestCase("""{"type":"textfield","id":"t","key":"k","conditional":{"hide":"=a >"}}""", "conditional.hide", 4)]
    [TestCase("""{"type":"number","id":"t","key":"k","validate":{"max":"=limit +"}}""", "validate.max", 8)]
    [TestCase("""{"type":"textfield","id":"t","key":"k","readonly":"=(a"}""", "readonly", 3)]
    [TestCase("""{"type":"select","id":"t","key":"k","valuesExpression":"=[1, 2"}""", "valuesExpression", 6)]
    [TestCase("""{"type":"expression","id":"t","key":"k","expression":"=a +* 1"}""", "expression", 4)]
    [TestCase("""{"type":"text","id":"t","text":"Hello {{name +}} and {{x}}"}""", "text", 14)]
    [TestCase("""{"type":"text","id":"t","text":"{{#if a >}}yes{{/if}}"}""", "text", 9)]
    [TestCase("""{"type":"textfield","id":"t","key":"k","label":"=upper case(x"}""", "label", 13)]
    [TestCase("""{"type":"textfield","id":"t","key":"k","conditional":{"hide":"=unknown fn(1)"}}""", "conditional.hide", 1)]
    public void Create_InvalidFeel_IsRefusedNamingComponentPropertyAndPosition(string component, string property, int position)
    {
        var e = Assert.Throws<FormExpressionException>(() => FormValidator.Create(Form(component)));
        Assert.That((e!.ComponentId, e.Property, e.Position), Is.EqualTo(("t", property, (int?)position)));
        Assert.That(e.ParseError, Is.Not.Null);
        Assert.That(e.Message, Does.Contain($"'{property}'").And.Contain($"position {position}"));
    }

    [Test]
    public void Create_FeelInDefaultRepetitions_IsRefusedBecauseFormJsDoesNotEvaluateIt()
    {
        var e = Assert.Throws<FormExpressionException>(() => FormValidator.Create(Form(
            """{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"defaultRepetitions":"=2","components":[]}""")));
        Assert.That((e!.ComponentId, e.Property, e.Position), Is.EqualTo(("l", "defaultRepetitions", (int?)null)));
    }

    [Test]
    public void Create_DisplayOnlyTemplatesAndExpressions_AreAcceptedAndChangeNothing()
    {
        var result = Validate("""{"type":"text","id":"x","text":"Total: {{sum(items)}} {{#loop items}}{{this}}{{/loop}}"},{"type":"textfield","id":"t","key":"k","label":"=\"Name of \" + who","description":"Hi {{who}}"}""",
            """{"k":"v","who":"Ann"}""");
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"k":"v"}"""));
    }

    [TestCase("""{"a":"","b":"x","secret":true}""", true)]
    [TestCase("""{"a":"","b":"x","secret":false}""", false)]
    public void Validate_FieldHiddenByCondition_IsSkippedAndLeftOutOfTheData(string data, bool hidden)
    {
        var result = Validate("""{"type":"textfield","id":"t","key":"a","conditional":{"hide":"=secret"},"validate":{"required":true}},{"type":"textfield","id":"u","key":"b"}""", data);
        Assert.That(result.IsValid, Is.EqualTo(hidden));
        Assert.That(result.Data.ToJsonString(), Is.EqualTo(hidden ? """{"b":"x"}""" : """{"a":"","b":"x"}"""));
    }

    [Test]
    public void Validate_ConditionOverAMissingVariable_HidesTheFieldAsFormJsDoes()
    {
        // feelin's unary test compares a null result with the missing input value, and null = null holds.
        var result = Validate("""{"type":"textfield","id":"t","key":"a","conditional":{"hide":"=amount > 1000"},"validate":{"required":true}}""", "{}");
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("{}"));
    }

    [Test]
    public void Validate_HiddenDynamicList_HidesEveryItem()
    {
        var result = Validate("""{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"conditional":{"hide":"=count(items) > 1"},"components":[{"type":"textfield","id":"t","key":"v","validate":{"required":true}}]}""",
            """{"items":[{"v":""},{"v":""}]}""");
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("{}"));
    }

    [Test]
    public void Validate_HideConditionInsideList_SeesThisIndexesAndParent()
    {
        var result = Validate("""{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"components":[{"type":"textfield","id":"t","key":"v","validate":{"required":true},"conditional":{"hide":"=this.skip = true or _i_[1] = 3 or parent.mode = \"all\""}}]}""",
            """{"mode":"some","items":[{"v":"","skip":true},{"v":""},{"v":""}]}""");
        Assert.That(result.Errors.Select(e => e.Indexes.Single()), Is.EqualTo(new[] { 1 }));
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"items":[null,{"v":""}]}"""));
    }

    [Test]
    public void Validate_HiddenTopLevelField_KeepsItsValueForExpressions()
    {
        // form-js spreads the initial data under the filtered data, so a hidden top-level value is still seen.
        var result = Validate("""{"type":"checkbox","id":"a","key":"a"},{"type":"textfield","id":"b","key":"b","conditional":{"hide":"=not(a)"}},{"type":"textfield","id":"c","key":"c","conditional":{"hide":"=b != null"},"validate":{"required":true}}""",
            """{"a":false,"b":"x"}""");
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"a":false}"""));
    }

    [Test]
    public void Validate_HiddenFieldUnderAGroupPath_IsAbsentForExpressions()
    {
        var result = Validate("""{"type":"group","id":"g","path":"p","components":[{"type":"checkbox","id":"a","key":"a"},{"type":"textfield","id":"b","key":"b","conditional":{"hide":"=not(p.a)"}}]},{"type":"textfield","id":"c","key":"c","conditional":{"hide":"=p.b != null"},"validate":{"required":true}}""",
            """{"p":{"a":false,"b":"x"}}""");
        Assert.That(result.Errors.Select(e => e.ComponentId), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public void Validate_EvaluatedBound_IsUsedAndANullBoundIsIgnored()
    {
        var result = Validate("""{"type":"number","id":"n","key":"n","validate":{"min":"=low * 2","max":"=missing"}}""", """{"n":5,"low":5}""");
        Assert.That(result.Errors.Single().Messages, Is.EqualTo(new[] { "Field must have minimum value of 10." }));
    }

    [Test]
    public void Validate_EvaluatedLengthBound_ComparesTheTrimmedText()
    {
        var result = Validate("""{"type":"textfield","id":"t","key":"t","validate":{"maxLength":"=limit"}}""", """{"t":" abcd ","limit":3}""");
        Assert.That(result.Errors.Single().Messages, Is.EqualTo(new[] { "Field must have maximum length of 3." }));
    }

    [TestCase("b", true, """{"s":"b"}""")]
    [TestCase("z", true, """{"s":null}""")]
    public void Validate_SelectWithValuesExpression_DropsAValueOutsideTheEvaluatedOptions(string value, bool valid, string submitted)
    {
        var result = Validate("""{"type":"select","id":"s","key":"s","valuesExpression":"=opts"}""", $$"""{"s":"{{value}}","opts":["a","b"]}""");
        Assert.That(result.IsValid, Is.EqualTo(valid));
        Assert.That(result.Data.ToJsonString(), Is.EqualTo(submitted));
    }

    [Test]
    public void Validate_ChecklistWithValuesExpression_KeepsOnlyValuesAmongTheOptions()
    {
        var result = Validate("""{"type":"checklist","id":"c","key":"c","valuesExpression":"=for o in opts return {label: o, value: o}","validate":{"required":true}}""",
            """{"c":["x","a"],"opts":["a","b"]}""");
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"c":["a"]}"""));
    }

    [Test]
    public void Validate_ReadOnlyByConditionSelect_KeepsAValueOutsideItsOptions()
    {
        var result = Validate("""{"type":"select","id":"s","key":"s","valuesExpression":"=opts","readonly":"=locked"}""", """{"s":"z","opts":["a"],"locked":true}""");
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"s":"z"}"""));
    }

    [Test]
    public void Validate_ExpressionField_StoresItsValueAndOtherFieldsSeeIt()
    {
        var result = Validate("""{"type":"expression","id":"e","key":"total","expression":"=price * qty","computeOn":"change"},{"type":"textfield","id":"note","key":"note","conditional":{"hide":"=total < 100"},"validate":{"required":true}}""",
            """{"price":30,"qty":4}""");
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"total":120,"note":""}"""));
        Assert.That(result.Errors.Select(e => e.ComponentId), Is.EqualTo(new[] { "note" }));
    }

    [Test]
    public void Validate_NowInACondition_ReadsTheConfiguredClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2029, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var form = Form("""{"type":"textfield","id":"t","key":"k","validate":{"required":true},"conditional":{"hide":"=today() > date(\"2029-12-31\")"}}""");
        var validator = FormValidator.Create(form, new FeelEvaluationOptions { TimeProvider = clock });
        Assert.That(validator.Validate(JsonNode.Parse("{}")).IsValid, Is.False);
        clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 10, 0, 0, TimeSpan.Zero));
        Assert.That(validator.Validate(JsonNode.Parse("{}")).IsValid, Is.True);
    }

    [Test]
    public void Validate_ConditionExceedingItsStepBound_IsADataErrorNamingComponentAndProperty()
    {
        var form = Form("""{"type":"textfield","id":"t","key":"k","conditional":{"hide":"=count(for i in 1..1000 return i) > 5"}}""");
        var e = Assert.Throws<FormDataException>(() => FormValidator.Create(form, new FeelEvaluationOptions { MaxSteps = 50 }).Validate(JsonNode.Parse("{}")));
        Assert.That(e!.Message, Does.Contain("'conditional.hide'").And.Contain("'t'"));
    }

    [Test]
    public void Validate_ConditionOverAMismatchedType_IsNullAndHides()
    {
        var result = Validate("""{"type":"textfield","id":"a","key":"a","conditional":{"hide":"=amount > 1000"},"validate":{"required":true}}""", """{"amount":"abc"}""");
        Assert.That(result.IsValid, Is.True);
    }

    [TestCase(0.3, true)]
    [TestCase(0.29, false)]
    public void Validate_DecimalBound_IsExact(double value, bool valid)
    {
        var result = Validate("""{"type":"number","id":"n","key":"n","validate":{"min":"=0.1 + 0.2"}}""", $$"""{"n":{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
        Assert.That(result.IsValid, Is.EqualTo(valid));
        Assert.That(result.Errors.SelectMany(e => e.Messages), valid ? Is.Empty : Is.EqualTo(new[] { "Field must have minimum value of 0.3." }));
    }

    [Test]
    public void Validate_ChecklistWithValuesExpressionAndTextValue_IsADataErrorAsFormJsCannotRenderIt()
    {
        var e = Assert.Throws<FormDataException>(() => Validate("""{"type":"checklist","id":"c","key":"c","valuesExpression":"=opts"}""", """{"c":"a","opts":["a"]}"""));
        Assert.That(e!.Path, Is.EqualTo("c"));
    }

    [TestCase("""{"order total":50}""", false)]
    [TestCase("""{"order total":500}""", true)]
    public void Validate_ConditionOverANameWithSpaces_ReadsThatEntry(string data, bool hidden)
    {
        var result = Validate("""{"type":"textfield","id":"t","key":"k","conditional":{"hide":"=order total > 100"},"validate":{"required":true}}""", data);
        Assert.That(result.IsValid, Is.EqualTo(hidden));
    }

    [Test]
    public void Validate_NumberBeyondFeelDecimals_IsADataErrorOnlyWhenAnExpressionReadsIt()
    {
        const string Form = """{"type":"textfield","id":"t","key":"k","conditional":{"hide":"=limit > 5"}}""";
        Assert.That(Validate(Form, """{"limit":1,"other":1e300}""").IsValid, Is.True);
        var e = Assert.Throws<FormDataException>(() => Validate(Form, """{"limit":1e300}"""));
        Assert.That(e!.Message, Does.Contain("cannot read the submitted data"));
    }
}
