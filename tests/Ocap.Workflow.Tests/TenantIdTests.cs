using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests;

public class TenantIdTests
{
    [TestCase("acme")]
    [TestCase("acme-eu.prod_2")]
    [TestCase("7eleven")]
    public void Parse_ValidId_KeepsItsText(string text)
    {
        Assert.That(TenantId.Parse(text).Value, Is.EqualTo(text));
    }

    [TestCase("")]
    [TestCase("-acme")]
    [TestCase("acme/other")]
    [TestCase("acme%2Fother")]
    [TestCase("ac me")]
    public void Parse_InvalidId_IsRejectedWithTheReason(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => TenantId.Parse(text));
        Assert.That(e!.Message, Does.StartWith($"Invalid tenant id '{text}'"));
        Assert.That(TenantId.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Parse_TooLong_IsRejected()
    {
        Assert.That(TenantId.TryParse(new string('a', TenantId.MaxLength), out _), Is.True);
        Assert.That(TenantId.TryParse(new string('a', TenantId.MaxLength + 1), out _), Is.False);
    }

    [Test]
    public void Equality_IsOrdinalOnTheText()
    {
        var lower = "ac" + "me";
        Assert.That(TenantId.Parse("acme"), Is.EqualTo(TenantId.Parse(lower)));
        Assert.That(TenantId.Parse("acme"), Is.Not.EqualTo(TenantId.Parse("ACME")));
    }
}
