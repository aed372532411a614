using Ocap.Workflow.History;
using Ocap.Workflow.Tenancy;

namespace Ocap.Workflow.Tests.History;

public class HistoryVerifierTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static (List<HistoryEvent> Events, HistoryHead Head) Chain(int count)
    {
        var drafts = Enumerable.Range(1, count)
            .Select(i => new HistoryEventDraft($"step-{i}", At.AddSeconds(i), "alice", [], $"{{\"step\":{i}}}"))
            .ToList();
        var events = HistoryChain.Extend(Acme, "i-1", HistoryHead.Empty, drafts, out var head);
        return ([.. events], head);
    }

    private static HistoryVerification Verify(List<HistoryEvent> events, HistoryHead head) => HistoryVerifier.Verify(Acme, "i-1", events, head);

    [Test]
    public void Verify_AnUntouchedChain_IsIntact()
    {
        var (events, head) = Chain(5);
        var result = Verify(events, head);
        Assert.That(result.IsIntact, Is.True);
        Assert.That(result.FirstBrokenLink, Is.Null);
        Assert.That(result.EventCount, Is.EqualTo(5));
    }

    [Test]
    public void Verify_AnEmptyHistoryWithAnEmptyHead_IsIntact()
    {
        Assert.That(Verify([], HistoryHead.Empty).IsIntact, Is.True);
    }

    [Test]
    public void Verify_AnEditedPayload_IsAHashMismatchAtThatEvent()
    {
        var (events, head) = Chain(5);
        events[2] = events[2] with { PayloadJson = "{\"step\":300}" };

        var result = Verify(events, head);

        Assert.That(result.FirstBrokenLink!.Kind, Is.EqualTo(BrokenLinkKind.HashMismatch));
        Assert.That(result.FirstBrokenLink.Sequence, Is.EqualTo(3));
        Assert.That(result.BrokenLinks, Has.Count.EqualTo(1));
    }

    [TestCase("Type")]
    [TestCase("Actor")]
    [TestCase("Timestamp")]
    [TestCase("ArtifactHashes")]
    public void Verify_AnyEditedField_IsDetected(string field)
    {
        var (events, head) = Chain(3);
        events[1] = field switch
        {
            "Type" => events[1] with { Type = "approved" },
            "Actor" => events[1] with { Actor = "mallory" },
            "Timestamp" => events[1] with { Timestamp = events[1].Timestamp.AddTicks(1) },
            _ => events[1] with { ArtifactHashes = [new string('a', 64)] },
        };
        Assert.That(Verify(events, head).FirstBrokenLink, Is.EqualTo(Verify(events, head).BrokenLinks[0]));
        Assert.That(Verify(events, head).FirstBrokenLink!.Sequence, Is.EqualTo(2));
    }

    [Test]
    public void Verify_AnEditedEventWhoseHashWasRecomputed_BreaksTheLinkFromItsSuccessor()
    {
        var (events, head) = Chain(4);
        var forged = events[1] with { PayloadJson = "{\"step\":\"forged\"}" };
        events[1] = forged with { Hash = HistoryHash.Compute(forged) };

        var result = Verify(events, head);

        Assert.That(result.FirstBrokenLink!.Kind, Is.EqualTo(BrokenLinkKind.PreviousHashMismatch));
        Assert.That(result.FirstBrokenLink.Sequence, Is.EqualTo(3));
    }

    [Test]
    public void Verify_ADeletedMiddleEvent_IsReportedAtItsSuccessor()
    {
        var (events, head) = Chain(5);
        events.RemoveAt(2);

        var result = Verify(events, head);

        Assert.That(result.FirstBrokenLink!.Position, Is.EqualTo(3));
        Assert.That(result.BrokenLinks.Select(b => b.Kind), Does.Contain(BrokenLinkKind.SequenceMismatch).And.Contain(BrokenLinkKind.PreviousHashMismatch));
        Assert.That(result.BrokenLinks.All(b => b.Position == 3), Is.True, "only the link across the gap is broken");
    }

    [Test]
    public void Verify_TheFirstEventDeleted_IsDetected()
    {
        var (events, head) = Chain(3);
        events.RemoveAt(0);
        var result = Verify(events, head);
        Assert.That(result.FirstBrokenLink!.Position, Is.EqualTo(1));
        Assert.That(result.FirstBrokenLink.Kind, Is.EqualTo(BrokenLinkKind.SequenceMismatch));
    }

    [Test]
    public void Verify_TheLastEventsCutOff_IsAHeadMismatch()
    {
        var (events, head) = Chain(5);
        events.RemoveRange(3, 2);

        var result = Verify(events, head);

        Assert.That(result.BrokenLinks.Single().Kind, Is.EqualTo(BrokenLinkKind.HeadMismatch));
        Assert.That(HistoryVerifier.Verify(Acme, "i-1", events, head: null).IsIntact, Is.True, "without the head a truncation cannot be seen");
    }

    [Test]
    public void Verify_TwoEventsSwapped_IsDetected()
    {
        var (events, head) = Chain(5);
        (events[1], events[2]) = (events[2], events[1]);

        var result = Verify(events, head);

        Assert.That(result.FirstBrokenLink!.Position, Is.EqualTo(2));
        Assert.That(result.BrokenLinks.Select(b => b.Kind), Does.Contain(BrokenLinkKind.PreviousHashMismatch));
    }

    [Test]
    public void Verify_SequenceNumbersSwappedToHideAReorder_IsDetected()
    {
        var (events, head) = Chain(4);
        var second = events[1] with { Sequence = 3 };
        var third = events[2] with { Sequence = 2 };
        events[1] = third;
        events[2] = second;

        var result = Verify(events, head);

        Assert.That(result.FirstBrokenLink!.Position, Is.EqualTo(2));
        Assert.That(result.BrokenLinks.Select(b => b.Kind), Does.Contain(BrokenLinkKind.HashMismatch));
    }

    [Test]
    public void Verify_AnInsertedEvent_IsDetectedEvenWhenItsOwnHashIsCorrect()
    {
        var (events, head) = Chain(4);
        var inserted = new HistoryEvent(Acme, "i-1", 3, "approved", At, "mallory", [], "{}", events[1].Hash, string.Empty);
        inserted = inserted with { Hash = HistoryHash.Compute(inserted) };
        events.Insert(2, inserted);

        var result = Verify(events, head);

        Assert.That(result.FirstBrokenLink!.Position, Is.EqualTo(4));
        Assert.That(result.BrokenLinks.Select(b => b.Kind), Does.Contain(BrokenLinkKind.PreviousHashMismatch));
    }

    [Test]
    public void Verify_AnEventAppendedBeyondTheHead_IsAHeadMismatch()
    {
        var (events, head) = Chain(3);
        var extra = new HistoryEvent(Acme, "i-1", 4, "approved", At, "mallory", [], "{}", events[^1].Hash, string.Empty);
        events.Add(extra with { Hash = HistoryHash.Compute(extra) });

        Assert.That(Verify(events, head).BrokenLinks.Single().Kind, Is.EqualTo(BrokenLinkKind.HeadMismatch));
    }

    [Test]
    public void Verify_AnEventCopiedFromAnotherInstance_IsReportedAsWrongOwner()
    {
        var (events, head) = Chain(2);
        events[1] = events[1] with { InstanceId = "i-2" };
        Assert.That(Verify(events, head).FirstBrokenLink!.Kind, Is.EqualTo(BrokenLinkKind.WrongOwner));
    }

    [Test]
    public void HistoryChain_Extend_ContinuesFromTheHead()
    {
        var (events, head) = Chain(2);
        var more = HistoryChain.Extend(Acme, "i-1", head, [new HistoryEventDraft("x", At, "bob", [], "[]")], out var newHead);
        Assert.That(more.Single().Sequence, Is.EqualTo(3));
        Assert.That(more.Single().PreviousHash, Is.EqualTo(events[^1].Hash));
        Assert.That(newHead, Is.EqualTo(new HistoryHead(3, more.Single().Hash)));
        Assert.That(Verify([.. events, .. more], newHead).IsIntact, Is.True);
    }
}
