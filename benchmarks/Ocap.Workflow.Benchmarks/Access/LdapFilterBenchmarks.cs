using BenchmarkDotNet.Attributes;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Benchmarks.Access;

/// <summary>
/// Backs the access-rule claim: a parsed 5-clause filter (nested &amp;, |, !, one substring) evaluated against a
/// 10-attribute principal in at most 200 ns and 0 bytes. Parsing and principal preparation are measured too,
/// because they are paid once per deployment and once per action.
/// </summary>
[MemoryDiagnoser]
public class LdapFilterBenchmarks
{
    private const string FilterText = "(&(department=finance)(|(title=director)(cn=*smith))(!(status=disabled))(level>=5))";

    private AttributeSchema _schema = AttributeSchema.Default;
    private PrincipalAttributes _attributes = PrincipalAttributes.Empty;
    private AccessPrincipal _principal = null!;
    private CompiledLdapFilter _filter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _schema = AttributeSchema.Default.With("level", AttributeSyntax.Integer).With("status", AttributeSyntax.DirectoryString);
        _attributes = PrincipalAttributes.CreateBuilder()
            .Add("cn", "Alice Smith")
            .Add("sn", "Smith")
            .Add("givenName", "Alice")
            .Add("uid", "alice")
            .Add("mail", "alice@example.com")
            .Add("department", "Finance")
            .Add("title", "Manager")
            .Add("level", "7")
            .Add("status", "active")
            .Add("memberOf", ["cn=Approvers,ou=Groups,dc=example,dc=com", "cn=Staff,ou=Groups,dc=example,dc=com"])
            .Build();
        _principal = AccessPrincipal.Create(_schema, _attributes);
        _filter = LdapFilter.Parse(FilterText).Compile(_schema);
        if (_filter.Evaluate(_principal) != LdapFilterResult.True)
        {
            throw new InvalidOperationException("The benchmark filter must match the benchmark principal.");
        }
    }

    [Benchmark(Description = "Evaluate 5-clause filter, 10-attribute principal")]
    public LdapFilterResult Evaluate() => _filter.Evaluate(_principal);

    [Benchmark(Description = "Parse and compile 5-clause filter")]
    public CompiledLdapFilter ParseAndCompile() => LdapFilter.Parse(FilterText).Compile(_schema);

    [Benchmark(Description = "Prepare 10-attribute principal")]
    public AccessPrincipal PreparePrincipal() => AccessPrincipal.Create(_schema, _attributes);
}
