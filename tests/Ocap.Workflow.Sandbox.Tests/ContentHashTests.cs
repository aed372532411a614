using Ocap.Workflow.Sandbox;

namespace Ocap.Workflow.Sandbox.Tests;

public class ContentHashTests
{
    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Of_Text_IsTheFipsSha256OfItsUtf8Bytes(string text, string expected)
    {
        Assert.That(ContentHash.Of(text), Is.EqualTo(expected));
    }

    [Test]
    public void Of_LongText_AgreesWithTheByteOverload()
    {
        var text = string.Concat(Enumerable.Repeat("é∑", 2000));
        Assert.That(ContentHash.Of(text), Is.EqualTo(ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(text))));
    }

    [Test]
    public void Of_DifferentLineEndings_GiveDifferentHashes()
    {
        Assert.That(ContentHash.Of("a\nb"), Is.Not.EqualTo(ContentHash.Of("a\r\nb")));
    }
}
