using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Ocap.Workflow.Access;
using Ocap.Workflow.Tenancy;
using static Ocap.Workflow.Tests.Access.AccessTestSupport;

namespace Ocap.Workflow.Tests.Access;

public class PrincipalTests
{
    [Test]
    public void Builder_NamesAreCaseInsensitiveAndDuplicateValuesAreDropped()
    {
        var attributes = PrincipalAttributes.CreateBuilder()
            .Add("memberOf", "cn=a")
            .Add("MEMBEROF", ["cn=b", "cn=a"])
            .Build();
        Assert.That(attributes.Count, Is.EqualTo(1));
        Assert.That(attributes["memberof"], Is.EqualTo(new[] { "cn=a", "cn=b" }));
        Assert.That(attributes["cn"], Is.Empty);
    }

    [TestCase("")]
    [TestCase("1cn")]
    [TestCase("cn;")]
    [TestCase("c n")]
    [TestCase("2.05")]
    public void Builder_MalformedAttributeDescription_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => PrincipalAttributes.CreateBuilder().Add(name, "x"));
    }

    [Test]
    public void Build_IsImmutable_LaterBuilderChangesDoNotLeakIn()
    {
        var builder = PrincipalAttributes.CreateBuilder().Add("cn", "a");
        var first = builder.Build();
        builder.Add("cn", "b");
        Assert.That(first["cn"], Is.EqualTo(new[] { "a" }));
        Assert.That(builder.Build()["cn"], Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void AccessPrincipal_KeepsTheRawAttributes()
    {
        var p = Principal(A("cn", " Alice "), A("colour", "blue"));
        Assert.That(p.Attributes["cn"], Is.EqualTo(new[] { " Alice " }));
        Assert.That(p.Attributes["colour"], Is.EqualTo(new[] { "blue" }));
        Assert.That(p.Schema, Is.SameAs(Schema));
    }

    [Test]
    public void ClaimsMapper_Default_MapsStandardIdentityClaims()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("sub", "alice"),
            new Claim(ClaimTypes.Name, "Alice Smith"),
            new Claim("given_name", "Alice"),
            new Claim("family_name", "Smith"),
            new Claim(ClaimTypes.Email, "alice@example.com"),
            new Claim("aud", "some-api"),
        ], "test");
        var attributes = ClaimsPrincipalAttributeMapper.Default.Map(new ClaimsPrincipal(identity));
        Assert.That(attributes["uid"], Is.EqualTo(new[] { "alice" }));
        Assert.That(attributes["cn"], Is.EqualTo(new[] { "Alice Smith" }));
        Assert.That(attributes["givenName"], Is.EqualTo(new[] { "Alice" }));
        Assert.That(attributes["sn"], Is.EqualTo(new[] { "Smith" }));
        Assert.That(attributes["mail"], Is.EqualTo(new[] { "alice@example.com" }));
        Assert.That(attributes.Names, Has.No.Member("aud"), "unmapped claims never become attributes");
    }

    [Test]
    public void ClaimsMapper_With_AddsMappingsAndConvertsTypedValues()
    {
        var mapper = ClaimsPrincipalAttributeMapper.Default
            .With("department", "department")
            .With(ClaimTypes.Role, "status")
            .With("is_active", "active")
            .With("hired", "hiredAt");
        var identity = new ClaimsIdentity(
        [
            new Claim("department", "Finance"),
            new Claim(ClaimTypes.Role, "approver"),
            new Claim(ClaimTypes.Role, "viewer"),
            new Claim("is_active", "true", ClaimValueTypes.Boolean),
            new Claim("hired", "2026-01-01T12:00:00+01:00", ClaimValueTypes.DateTime),
        ], "test");
        var principal = AccessPrincipal.Create(Schema, mapper.Map(new ClaimsPrincipal(identity)));
        Assert.That(Eval("(&(department=finance)(status=viewer)(active=TRUE)(hiredAt=20260101110000Z))", principal), Is.EqualTo(LdapFilterResult.True));
    }

    [Test]
    public void ClaimsMapper_MalformedTargetAttribute_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => ClaimsPrincipalAttributeMapper.Default.With("x", "not an attribute"));
    }

    [Test]
    public void AddPrincipalResolver_RegistersOnceAndRefusesASecondKind()
    {
        var services = new ServiceCollection();
        services.AddPrincipalResolver<FixedResolver>().AddPrincipalResolver<FixedResolver>();
        Assert.That(services.Count(d => d.ServiceType == typeof(IPrincipalResolver)), Is.EqualTo(1));
        Assert.That(services.Single().Lifetime, Is.EqualTo(ServiceLifetime.Scoped));
        Assert.Throws<InvalidOperationException>(() => services.AddPrincipalResolver<OtherResolver>());
    }

    [Test]
    public void AddAttributeSchema_RegistersOneInstance()
    {
        var services = new ServiceCollection();
        services.AddAttributeSchema(Schema).AddAttributeSchema(Schema);
        Assert.That(services.Single().ImplementationInstance, Is.SameAs(Schema));
        Assert.Throws<InvalidOperationException>(() => services.AddAttributeSchema(AttributeSchema.Default));
    }

    [Test]
    public async Task Resolver_ResultCanBePreparedAndEvaluated()
    {
        IPrincipalResolver resolver = new FixedResolver();
        var attributes = await resolver.ResolveAsync(TenantId.Parse("acme"), "alice", CancellationToken.None);
        var principal = AccessPrincipal.Create(Schema, attributes);
        Assert.That(LdapFilter.Parse("(uid=ALICE)").Compile(Schema).IsSatisfiedBy(principal), Is.True);
    }

    private sealed class FixedResolver : IPrincipalResolver
    {
        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PrincipalAttributes.CreateBuilder().Add("uid", actorId).Build());
    }

    private sealed class OtherResolver : IPrincipalResolver
    {
        public ValueTask<PrincipalAttributes> ResolveAsync(TenantId tenant, string actorId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PrincipalAttributes.Empty);
    }
}
