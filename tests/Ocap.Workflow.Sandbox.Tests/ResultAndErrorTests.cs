using System.Text.Json.Nodes;

namespace Ocap.Workflow.Sandbox.Tests;

/// <summary>Property: results are plain JSON data or a typed error; errors name the script, its hash, the position and the JS error, never the host.</summary>
public class ResultAndErrorTests
{
    private readonly JsSandbox _sandbox = SandboxFixture.Create();

    [TestCase("(() => 1)", "$")]
    [TestCase("({ f() {} })", "$.f")]
    [TestCase("const o = {}; o.self = o; o", "$.self")]
    [TestCase("new Proxy({}, {})", "$")]
    [TestCase("Symbol('s')", "$")]
    [TestCase("[1, NaN]", "$[1]")]
    [TestCase("({ d: new Date(0) })", "$.d")]
    [TestCase("new Map()", "$")]
    [TestCase("10n", "$")]
    [TestCase("({ get x() { return 1; } })", "$.x")]
    [TestCase("({ a: [{ b: Infinity }] })", "$.a[0].b")]
    public async Task NonPlainResult_IsAResultError(string source, string path)
    {
        var error = await _sandbox.FailsWithAsync<ScriptResultException>(source);
        Assert.That(error.Path, Is.EqualTo(path));
        Assert.That(error.Kind, Is.EqualTo("result"));
    }

    [Test]
    public async Task PlainResult_RoundTripsAsJson()
    {
        var value = await _sandbox.RunAsync("({ s: 'x', n: 1.5, i: 3, b: false, z: null, u: undefined, a: [1, 'two', [true]], o: Object.assign(Object.create(null), { k: 1 }) })");
        Assert.That(value.Json(), Is.EqualTo("""{"s":"x","n":1.5,"i":3,"b":false,"z":null,"a":[1,"two",[true]],"o":{"k":1}}"""));
    }

    [Test]
    public async Task PromiseResult_IsUnwrapped()
    {
        var value = await _sandbox.RunAsync("Promise.resolve(41).then((x) => x + 1)");
        Assert.That(value.Json(), Is.EqualTo("42"));
    }

    [Test]
    public void SyntaxError_IsReportedAtPrepare_WithLineAndColumn()
    {
        var error = Assert.Throws<ScriptSyntaxException>(() => _sandbox.Prepare("let a = 1;\nlet b = ;", ScriptKind.Script, "rules/check.js"));
        Assert.That((error!.Line, error.Column), Is.EqualTo((2, 9)));
        Assert.That(error.LogicalName, Is.EqualTo("rules/check.js"));
        Assert.That(error.ContentHash, Is.EqualTo(ContentHash.Of("let a = 1;\nlet b = ;")));
        Assert.That(error.Kind, Is.EqualTo("syntax"));
    }

    [TestCase("a +", ScriptKind.Expression, 1, 4)]
    [TestCase("a; b", ScriptKind.Expression, 1, 2)]
    [TestCase("1); (2", ScriptKind.Expression, 1, 2)]
    [TestCase("exports.x = ;", ScriptKind.CommonJs, 1, 13)]
    [TestCase("export default ;", ScriptKind.Module, 1, 16)]
    [TestCase("with (ctx) {}", ScriptKind.Script, 1, 1)]
    public void SyntaxError_PositionIsInTheTenantsSource(string source, ScriptKind kind, int line, int column)
    {
        var error = Assert.Throws<ScriptSyntaxException>(() => _sandbox.Prepare(source, kind, "s.js"));
        Assert.That((error!.Line, error.Column), Is.EqualTo((line, column)));
    }

    [Test]
    public void CommonJsSource_ThatClosesItsWrapper_IsASyntaxError()
    {
        Assert.Throws<ScriptSyntaxException>(() => _sandbox.Prepare("}); let leaked = 1; (function () {", ScriptKind.CommonJs, "m.js"));
    }

    [Test]
    public async Task RuntimeError_CarriesNameMessageAndPosition()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("const a = 1;\n  throw new RangeError('too big');");
        Assert.That((error.ErrorName, error.ErrorMessage, error.Line, error.Column), Is.EqualTo(("RangeError", "too big", 2, 9)));
        Assert.That(error.Message, Is.EqualTo("test.js:2:9: RangeError: too big"));
    }

    [Test]
    public async Task ExpressionRuntimeError_ColumnIsInTheTenantsSource()
    {
        var sandbox = SandboxFixture.Create();
        var prepared = sandbox.Prepare("a.b.c", ScriptKind.Expression, "cond");
        var error = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(prepared, JsonNode.Parse("""{"a":{}}""")));
        Assert.That((error!.ErrorName, error.Line, error.Column), Is.EqualTo(("TypeError", 1, 5)));
    }

    [Test]
    public async Task ThrownNonError_IsDescribed()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("throw 'plain'");
        Assert.That((error.ErrorName, error.ErrorMessage), Is.EqualTo(("Error", "plain")));
    }

    [Test]
    public async Task MissingExpressionVariable_IsAReferenceError()
    {
        var sandbox = SandboxFixture.Create();
        var prepared = sandbox.Prepare("amount > 10", ScriptKind.Expression, "cond");
        var error = Assert.ThrowsAsync<ScriptRuntimeException>(async () => await sandbox.EvaluateAsync(prepared, new JsonObject()));
        Assert.That(error!.ErrorName, Is.EqualTo("ReferenceError"));
    }

    [Test]
    public async Task RejectedPromise_IsARuntimeError()
    {
        var error = await _sandbox.FailsWithAsync<ScriptRuntimeException>("Promise.reject(new TypeError('nope'))");
        Assert.That((error.ErrorName, error.ErrorMessage), Is.EqualTo(("TypeError", "nope")));
    }

    [Test]
    public void Prepare_IsCachedByContentHash()
    {
        var sandbox = SandboxFixture.Create();
        var a = sandbox.Prepare("x + 1", ScriptKind.Expression, "e");
        var b = sandbox.Prepare("x + 1", ScriptKind.Expression, "e");
        Assert.That(a.ContentHash, Is.EqualTo(ContentHash.Of("x + 1")));
        Assert.That(a.FunctionKey, Is.SameAs(b.FunctionKey));
    }
}
