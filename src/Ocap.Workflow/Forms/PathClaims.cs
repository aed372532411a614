namespace Ocap.Workflow.Forms;

/// <summary>
/// Which data paths the form's keys and container paths claim, with form-js's rules: a key claims a closed
/// leaf, a group path an open branch several groups may share, a dynamic list a branch only its own
/// descendants may write under.
/// </summary>
internal sealed class PathClaims
{
    private sealed class Node(string segment)
    {
        public string Segment { get; } = segment;

        public List<Node>? Children { get; set; } = [];

        public string? RepeaterId { get; set; }
    }

    private readonly Node _root = new(string.Empty);

    public bool CanClaim(string[] path, bool closed, bool repeatable, string[] ancestors)
    {
        var node = _root;
        foreach (var segment in path)
        {
            var next = node.Children?.Find(n => string.Equals(n.Segment, segment, StringComparison.Ordinal));
            if (next is null)
            {
                return true;
            }

            if (next.RepeaterId is not null && Array.IndexOf(ancestors, next.RepeaterId) < 0)
            {
                return false;
            }

            if (next.Children is null)
            {
                return false;
            }

            node = next;
        }

        return !(closed || repeatable);
    }

    public void Claim(string[] path, bool closed, bool repeatable, string claimerId)
    {
        var node = _root;
        foreach (var segment in path)
        {
            var next = node.Children!.Find(n => string.Equals(n.Segment, segment, StringComparison.Ordinal));
            if (next is null)
            {
                next = new Node(segment);
                node.Children.Add(next);
            }

            node = next;
        }

        if (closed)
        {
            node.Children = null;
        }

        if (repeatable)
        {
            node.RepeaterId = claimerId;
        }
    }
}
