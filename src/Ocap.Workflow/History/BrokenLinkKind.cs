namespace Ocap.Workflow.History;

/// <summary>Why a link of a history chain does not hold.</summary>
public enum BrokenLinkKind
{
    /// <summary>The event's stored hash is not the hash of its stored fields: the event was edited.</summary>
    HashMismatch,

    /// <summary>
    /// The event's previous hash is not the hash of the event stored before it: an event was deleted, inserted or
    /// moved, or the predecessor was rewritten.
    /// </summary>
    PreviousHashMismatch,

    /// <summary>The event's sequence number is not the one after its predecessor's: an event is missing or out of order.</summary>
    SequenceMismatch,

    /// <summary>The event belongs to another tenant or instance than the chain being verified.</summary>
    WrongOwner,

    /// <summary>The chain's last event is not the head recorded with the instance: events were cut off or appended.</summary>
    HeadMismatch,
}
