using System.Text.Json;
using Ocap.Workflow.Access;

namespace Ocap.Workflow.Tests.Access;

/// <summary>
/// Compares our parser with OpenLDAP's client library (libldap 2.5.13, <c>ldap_pvt_put_filter</c>) on 410 filters:
/// those of <see cref="LdapFilterParserTests"/>, edge cases and 300 seeded random ones. Data/openldap-filter-reference.json
/// holds, per filter, OpenLDAP's BER encoding decoded back to a canonical string (null when it refused the filter);
/// it was produced by a Python ctypes script outside the repository (see Data/README.md).
/// </summary>
public class OpenLdapReferenceTests
{
    private sealed record Case(string Filter, string? Openldap);

    // Read from the test output (the csproj copies Data files there): source paths are not real paths in a
    // deterministic CI build, where the compiler maps them to "/_/".
    private static Case[] Load()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Access", "Data", "openldap-filter-reference.json");
        return JsonSerializer.Deserialize<Case[]>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    private static string? Ours(string filter)
    {
        try
        {
            return LdapFilter.Parse(filter).ToString();
        }
        catch (LdapFilterParseException)
        {
            return null;
        }
    }

    [Test]
    public void EveryFilterBothAccept_DecodesToTheSameTree()
    {
        var disagreements = Load()
            .Select(c => (c.Filter, Ours: Ours(c.Filter), c.Openldap))
            .Where(c => c.Ours is not null && c.Openldap is not null && c.Ours != c.Openldap)
            .ToList();
        Assert.That(disagreements, Is.Empty);
    }

    // RFC 4515's grammar allows an empty assertion value between two '*' and reads "(:dn:=x)" as a rule named
    // "dn" (the only valid parse when there is no attribute); OpenLDAP refuses both. We parse them as the grammar
    // says: the empty substring is Undefined when evaluated and is reported at deploy time.
    [Test]
    public void FiltersOnlyWeAccept_AreEmptySubstringsOrARuleNamedDn()
    {
        var accepted = Load().Where(c => Ours(c.Filter) is not null && c.Openldap is null).Select(c => c.Filter).ToList();
        Assert.That(accepted, Is.Not.Empty);
        foreach (var filter in accepted)
        {
            Assert.That(Nodes(LdapFilter.Parse(filter).Root).Any(IsGrammarOnlyConstruct), Is.True, filter);
        }
    }

    // OpenLDAP also accepts filters without outer parentheses, whitespace between components, and numeric OIDs
    // with one component or leading zeros. RFC 4515 and RFC 4512 allow none of these, and we refuse them.
    [Test]
    public void FiltersOnlyOpenLdapAccepts_AreLeniencyTheRfcsDoNotAllow()
    {
        var lenient = Load().Where(c => Ours(c.Filter) is null && c.Openldap is not null).Select(c => c.Filter).ToList();
        Assert.That(lenient, Is.Not.Empty);
        foreach (var filter in lenient)
        {
            var e = Assert.Throws<LdapFilterParseException>(() => LdapFilter.Parse(filter))!;
            var allowed = e.Error == LdapFilterParseError.UnexpectedWhitespace
                || (e.Error == LdapFilterParseError.ExpectedOpeningParenthesis && e.Position == 0)
                || (e.Error == LdapFilterParseError.InvalidAttributeDescription && char.IsAsciiDigit(filter[1]));
            Assert.That(allowed, Is.True, $"{filter}: {e.Message}");
        }
    }

    private static bool IsGrammarOnlyConstruct(FilterNode node) =>
        node switch
        {
            FilterSubstrings s => s.Any.Any(a => a.Octets.Length == 0),
            FilterExtensible e => e.Attribute is null && e.MatchingRule == "dn",
            _ => false,
        };

    private static IEnumerable<FilterNode> Nodes(FilterNode node) =>
        node switch
        {
            FilterSet set => set.Children.SelectMany(Nodes).Prepend(node),
            FilterNot not => Nodes(not.Child).Prepend(node),
            _ => [node],
        };
}
