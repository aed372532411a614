using Ocap.Workflow.Access;

namespace Ocap.Workflow.Tests.Access;

/// <summary>Builds principals and evaluates filters in one line, for specification-style tests.</summary>
internal static class AccessTestSupport
{
    public static AttributeSchema Schema { get; } = AttributeSchema.Default
        .With("level", AttributeSyntax.Integer)
        .With("status", AttributeSyntax.DirectoryString)
        .With("active", AttributeSyntax.Boolean)
        .With("badge", AttributeSyntax.CaseExactString)
        .With("hiredAt", AttributeSyntax.GeneralizedTime, "1.3.6.1.4.1.99999.1.1")
        .With("code", AttributeSyntax.IA5String);

    public static AccessPrincipal Principal(params (string Name, string[] Values)[] attributes)
    {
        var builder = PrincipalAttributes.CreateBuilder();
        foreach (var (name, values) in attributes)
        {
            builder.Add(name, values);
        }

        return AccessPrincipal.Create(Schema, builder.Build());
    }

    public static (string, string[]) A(string name, params string[] values) => (name, values);

    public static LdapFilterResult Eval(string filter, AccessPrincipal principal) =>
        LdapFilter.Parse(filter).Compile(Schema).Evaluate(principal);
}
