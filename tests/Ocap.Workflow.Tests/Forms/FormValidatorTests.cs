using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

public class FormValidatorTests
{
    private static FormDefinition Form(string components) =>
        FormDefinition.Parse($$"""{"type":"default","id":"F","schemaVersion":19,"components":[{{components}}]}""");

    private static FormValidationResult Validate(string components, string data) =>
        FormValidator.Create(Form(components)).Validate(JsonNode.Parse(data));

    [Test]
    public void Validate_ReadOnlyField_IsStillValidatedAndSubmitted()
    {
        var result = Validate("""{"type":"textfield","id":"t","key":"k","readonly":true,"validate":{"required":true}}""", "{}");
        Assert.That(result.Errors.Single(), Is.EqualTo(new FormFieldError("t", [], ["Field is required."])).Using<FormFieldError>(SameError));
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"k":""}"""));
    }

    [Test]
    public void Validate_DisabledField_IsNeitherValidatedNorSubmitted()
    {
        var result = Validate("""{"type":"number","id":"n","key":"n","disabled":true,"decimalDigits":0,"validate":{"required":true}}""", """{"n":1.5}""");
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("{}"));
    }

    [Test]
    public void Validate_FieldsInDynamicLists_ReportTheItemIndexes()
    {
        var result = Validate("""{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"components":[{"type":"textfield","id":"t","key":"v","validate":{"required":true}}]}""",
            """{"items":[{"v":"a"},{"v":""},{"v":""}]}""");
        Assert.That(result.Errors.Select(e => e.Indexes.Single()), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(result.ErrorsToJson().ToJsonString(), Is.EqualTo("""{"t":[null,["Field is required."],["Field is required."]]}"""));
    }

    [Test]
    public void Validate_FilePickerReference_IsKeptOnTheServer()
    {
        // Deliberate deviation: the browser drops a reference to files not picked in that session.
        var result = Validate("""{"type":"filepicker","id":"f","key":"files","validate":{"required":true}}""", """{"files":"files::a1b2"}""");
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"files":"files::a1b2"}"""));
    }

    [Test]
    public void Validate_TimeValue_IsKeptAsSubmitted()
    {
        // Deliberate deviation: the browser's time picker may rewrite "10" as "10:00" while rendering.
        var result = Validate("""{"type":"datetime","id":"d","key":"t","subtype":"time"}""", """{"t":"10"}""");
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"t":"10"}"""));
    }

    [Test]
    public void Validate_TextWhereAGroupKeepsItsFields_IsADataErrorNamingThePath()
    {
        var e = Assert.Throws<FormDataException>(() =>
            Validate("""{"type":"group","id":"g","path":"address","components":[{"type":"textfield","id":"t","key":"city.name"}]}""", """{"address":{"city":"Paris"}}"""));
        Assert.That(e!.Path, Is.EqualTo("address.city"));
        Assert.That(e.Message, Does.Contain("Cannot create property 'name' on string 'Paris'"));
    }

    [Test]
    public void Validate_DataThatIsNotAnObject_IsADataError()
    {
        Assert.Throws<FormDataException>(() => FormValidator.Create(Form("")).Validate(JsonNode.Parse("[1]")));
    }

    [Test]
    public void Validate_NoData_IsAnEmptySubmission()
    {
        var result = FormValidator.Create(Form("""{"type":"checkbox","id":"c","key":"ok"}""")).Validate(null);
        Assert.That(result.Data.ToJsonString(), Is.EqualTo("""{"ok":false}"""));
    }

    [Test]
    public void Create_PatternThatIsNotJavaScript_IsASchemaErrorNamingThePattern()
    {
        var e = Assert.Throws<FormSchemaException>(() => FormValidator.Create(Form("""{"type":"textfield","id":"t","key":"k","validate":{"pattern":"a(b"}}""")));
        Assert.That((e!.ComponentId, e.Property), Is.EqualTo(("t", "validate.pattern")));
    }

    [Test]
    public void Validate_PatternUsesJavaScriptClasses_NotDotNetOnes()
    {
        // In JavaScript \d is ASCII only; .NET's \d would accept Arabic-Indic digits.
        var result = Validate("""{"type":"textfield","id":"t","key":"k","validate":{"pattern":"^\\d+$"}}""", """{"k":"١٢٣"}""");
        Assert.That(result.Errors.Single().Messages.Single(), Is.EqualTo("Field must match pattern ^\\d+$."));
    }

    [Test]
    public void Create_ZeroIncrement_IsASchemaError()
    {
        var e = Assert.Throws<FormSchemaException>(() => FormValidator.Create(Form("""{"type":"number","id":"n","key":"k","increment":"0"}""")));
        Assert.That(e!.Property, Is.EqualTo("increment"));
    }

    [Test]
    public void Validate_LengthRuleOnAList_IsASchemaError_BecauseFormJsFailsOnIt()
    {
        var e = Assert.Throws<FormSchemaException>(() =>
            Validate("""{"type":"checklist","id":"m","key":"k","values":[{"label":"A","value":"a"}],"validate":{"minLength":2}}""", """{"k":["a"]}"""));
        Assert.That(e!.Property, Is.EqualTo("validate.minLength"));
    }

    [Test]
    public void Result_Data_IsACopy()
    {
        var result = Validate("""{"type":"textfield","id":"t","key":"k"}""", """{"k":"a"}""");
        result.Data["k"] = "changed";
        Assert.That(result.Data["k"]!.GetValue<string>(), Is.EqualTo("a"));
    }

    [Test]
    public void Validate_InputIsNotModified()
    {
        var data = JsonNode.Parse("""{"k":5,"items":[1]}""")!;
        var before = data.ToJsonString();
        FormValidator.Create(Form("""{"type":"textfield","id":"t","key":"k"},{"type":"dynamiclist","id":"l","path":"items","isRepeating":true,"components":[{"type":"textfield","id":"v","key":"v"}]}"""))
            .Validate(data);
        Assert.That(data.ToJsonString(), Is.EqualTo(before));
    }

    private static bool SameError(FormFieldError a, FormFieldError b) =>
        a.ComponentId == b.ComponentId && a.Indexes.SequenceEqual(b.Indexes) && a.Messages.SequenceEqual(b.Messages);
}
