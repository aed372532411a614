using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocap.Workflow.Forms;

namespace Ocap.Workflow.Tests.Forms;

public sealed class UnreadableTextTests
{
    [TestCase(@"{""a"":""plain""}", -1)]
    [TestCase(@"{""a"":""\u00e9 \uD83D\uDE00 \u003E""}", -1)]
    [TestCase(@"{""a"":""\ud800""}", 6)]
    [TestCase(@"{""a"":""\udc00""}", 6)]
    [TestCase(@"{""a"":""x\ud800y""}", 7)]
    [TestCase(@"{""a"":""\ud800\u0041""}", 6)]
    [TestCase(@"{""a"":""\ud800\ud800\udc00""}", 6)]
    [TestCase(@"{""a"":""\udc00\ud800""}", 6)]
    [TestCase(@"{""a"":""\\ud800""}", -1)]
    [TestCase(@"{""a"":""\\\ud800""}", 8)]
    [TestCase(@"{""\ud83d"":1}", 2)]
    [TestCase(@"[""ok"",""\uDBFF""]", 7)]
    public void FindUnpairedSurrogateEscape_FindsTheEscapeThatIsHalfAPair(string json, int expected)
    {
        Assert.That(UnreadableText.FindUnpairedSurrogateEscape(json.AsSpan()), Is.EqualTo(expected), "UTF-16 text");
        Assert.That(UnreadableText.FindUnpairedSurrogateEscape(Encoding.UTF8.GetBytes(json).AsSpan()), Is.EqualTo(expected), "UTF-8 bytes");
    }

    [Test]
    public void FindUnpairedSurrogateEscape_AgreesWithWhatSystemTextJsonCanRead_OnRandomEscapes()
    {
        // Strings of random pieces (letters, escaped backslashes and quotes, escapes of every kind of code unit) are
        // unreadable by System.Text.Json exactly when the scanner finds an escape that is half a pair.
        var random = new Random(20261126);
        string[] pieces = ["a", "é", @"\\", @"\""", @"\n", @"\u0041", @"\u00e9", @"\uD800", @"\uDBFF", @"\uDC00", @"\udfff", @"\uD83D\uDE00", "\\\\u", "u"];
        var unreadable = 0;
        for (var n = 0; n < 5_000; n++)
        {
            var text = new StringBuilder("{\"k\":[\"");
            var count = random.Next(0, 8);
            for (var i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            text.Append("\",\"").Append(pieces[random.Next(pieces.Length)]).Append("\"]}");
            var json = text.ToString();
            bool readable;
            using (var document = JsonDocument.Parse(json))
            {
                try
                {
                    foreach (var item in document.RootElement.GetProperty("k").EnumerateArray())
                    {
                        _ = item.GetString();
                    }

                    readable = true;
                }
                catch (InvalidOperationException)
                {
                    readable = false;
                }
            }

            unreadable += readable ? 0 : 1;
            Assert.That(UnreadableText.FindUnpairedSurrogateEscape(json.AsSpan()) < 0, Is.EqualTo(readable), json);
            Assert.That(UnreadableText.HasUnpairedSurrogateEscape(Encoding.UTF8.GetBytes(json)), Is.EqualTo(!readable), json);
        }

        Assert.That(unreadable, Is.InRange(500, 4_500), "both kinds of text were tried");
    }

    [Test]
    public void Find_NamesThePathOfTheUnreadableStringOrPropertyName()
    {
        Assert.That(UnreadableText.Find(JsonNode.Parse(@"{""a"":{""b"":[""ok"",""\ud800""]}}")), Is.EqualTo("a.b[1]"));
        Assert.That(UnreadableText.Find(JsonNode.Parse(@"{""a"":{""\udc00"":1}}")), Is.EqualTo("a.(a property name)"));
        Assert.That(UnreadableText.Find(JsonNode.Parse(@"{""a"":{""b"":[""ok"",""\ud83d\ude00""]},""c"":1}")), Is.Null);
        Assert.That(UnreadableText.Find(new JsonObject { ["a"] = "x\ud800" }), Is.Null, "a .NET string is written with U+FFFD in its place");
    }

    [Test]
    public void Validate_DataWithHalfASurrogatePair_IsAFormDataExceptionNamingTheField()
    {
        var form = FormValidator.Create(FormDefinition.Parse("""
            { "type": "default", "components": [
              { "id": "name", "key": "name", "type": "textfield", "label": "Name" },
              { "id": "items", "key": "items", "type": "dynamiclist", "path": "items", "isRepeating": true, "components": [
                { "id": "item", "key": "item", "type": "textfield", "label": "Item" } ] } ] }
            """));

        var e = Assert.Throws<FormDataException>(() => form.Validate(JsonNode.Parse(@"{""name"":""a\ud800b""}")));
        Assert.That(e!.Path, Is.EqualTo("name"));
        Assert.That(e.Message, Does.Contain("not valid Unicode").And.Contain("'name'"));
        e = Assert.Throws<FormDataException>(() => form.Validate(JsonNode.Parse(@"{""items"":[{""item"":""ok""},{""item"":""\udc00""}]}")));
        Assert.That(e!.Path, Is.EqualTo("items[1].item"));
        Assert.That(form.Validate(JsonNode.Parse(@"{""name"":""\ud83d\ude00""}")).IsValid, Is.True, "a whole pair is text like any other");
    }

    [TestCase(@"""label"": ""T\udc00""", "components[0].label")]
    [TestCase(@"""label"": ""T"", ""validate"": { ""pattern"": ""a\ud800"" }", "components[0].validate.pattern")]
    [TestCase(@"""label"": ""T"", ""\ud800"": 1", "components[0].(a property name)")]
    public void Parse_SchemaWithHalfASurrogatePair_IsAFormSchemaExceptionNamingTheProperty(string properties, string path)
    {
        var json = $$"""{ "type": "default", "components": [ { "id": "t", "key": "t", "type": "textfield", {{properties}} } ] }""";

        var e = Assert.Throws<FormSchemaException>(() => FormDefinition.Parse(json));

        Assert.That(e!.Property, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain("not valid Unicode"));
    }
}
