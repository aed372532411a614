using Ocap.Workflow.Access;

namespace Ocap.Workflow.Tests.Access;

public class AttributeSchemaTests
{
    [TestCase("cn", AttributeSyntax.DirectoryString)]
    [TestCase("CommonName", AttributeSyntax.DirectoryString)]
    [TestCase("2.5.4.3", AttributeSyntax.DirectoryString)]
    [TestCase("cn;lang-en", AttributeSyntax.DirectoryString)]
    [TestCase("mail", AttributeSyntax.IA5String)]
    [TestCase("dc", AttributeSyntax.IA5String)]
    [TestCase("memberOf", AttributeSyntax.DistinguishedName)]
    [TestCase("member", AttributeSyntax.DistinguishedName)]
    [TestCase("manager", AttributeSyntax.DistinguishedName)]
    [TestCase("objectClass", AttributeSyntax.Oid)]
    [TestCase("telephoneNumber", AttributeSyntax.TelephoneNumber)]
    [TestCase("createTimestamp", AttributeSyntax.GeneralizedTime)]
    [TestCase("department", AttributeSyntax.DirectoryString)]
    [TestCase("employeeType", AttributeSyntax.DirectoryString)]
    [TestCase("uid", AttributeSyntax.DirectoryString)]
    public void Default_KnowsTheUsualUserAttributes(string name, AttributeSyntax syntax)
    {
        Assert.That(AttributeSchema.Default.TryGetSyntax(name, out var actual), Is.True);
        Assert.That(actual, Is.EqualTo(syntax));
    }

    [Test]
    public void Default_DoesNotKnowHostAttributes()
    {
        Assert.That(AttributeSchema.Default.Contains("level"), Is.False);
    }

    [Test]
    public void With_ReturnsANewSchemaAndLeavesTheOriginalUnchanged()
    {
        var extended = AttributeSchema.Default.With("level", AttributeSyntax.Integer, "1.3.6.1.4.1.99999.2");
        Assert.That(extended.TryGetSyntax("LEVEL", out var syntax), Is.True);
        Assert.That(syntax, Is.EqualTo(AttributeSyntax.Integer));
        Assert.That(extended.Contains("1.3.6.1.4.1.99999.2"), Is.True);
        Assert.That(AttributeSchema.Default.Contains("level"), Is.False);
    }

    [TestCase("cn")]
    [TestCase("COMMONNAME")]
    [TestCase("1level")]
    [TestCase("le vel")]
    public void With_ExistingOrMalformedName_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => AttributeSchema.Default.With(name, AttributeSyntax.Integer));
    }

    [Test]
    public void With_ExistingOrMalformedOid_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => AttributeSchema.Default.With("level", AttributeSyntax.Integer, "2.5.4.3"));
        Assert.Throws<ArgumentException>(() => AttributeSchema.Default.With("level", AttributeSyntax.Integer, "2.05"));
    }

    [Test]
    public void SyntaxNames_RoundTrip()
    {
        Assert.That(AttributeSchema.SyntaxNameList, Is.EqualTo(new[]
        {
            "directoryString", "ia5String", "caseExactString", "dn", "integer", "boolean", "oid", "generalizedTime", "telephoneNumber",
        }));
        foreach (var name in AttributeSchema.SyntaxNameList)
        {
            Assert.That(AttributeSchema.TryParseSyntaxName(name, out var syntax), Is.True);
            Assert.That(AttributeSchema.GetSyntaxName(syntax), Is.EqualTo(name));
        }

        Assert.That(AttributeSchema.TryParseSyntaxName("Integer", out _), Is.False);
    }
}
