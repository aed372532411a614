namespace Ocap.Workflow.Cli.Commands;

/// <summary><c>ocapwf acl</c>: Evaluate an LDAP filter (RFC 4515) against a principal's attributes.</summary>
internal sealed class AclCommand : UnavailableCommand
{
    public override string Name => "acl";

    public override string Summary => "Evaluate an LDAP filter (RFC 4515) against a principal's attributes.";

    public override string Usage => "Usage: ocapwf acl FILTER --attributes attrs.json [--schema schema.json] | ocapwf acl --batch FILE.jsonl [--schema schema.json]";
}
