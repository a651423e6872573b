namespace SutazAI.Contracts.Integration;

/// <summary>
/// Where another team's service meets the platform on RabbitMQ. Each bus client (a RabbitMQ user the operator lists
/// under <c>Bus:Clients</c>) has two exchanges of its own: it sends <see cref="SubmitTask"/> to
/// <see cref="SubmitExchange"/>, and everything the platform says back (<see cref="TaskAccepted"/>,
/// <see cref="TaskRejected"/>, <see cref="TaskCompleted"/>, <see cref="TaskFailed"/>, <see cref="TaskCancelled"/>)
/// arrives on <see cref="EventsExchange"/>, where it binds queues named <see cref="QueuePrefix"/>… of its own.
/// The broker's permissions let a client write only to its own submit exchange, so a command's sender is known
/// without anything in the message claiming it.
/// </summary>
public static class BusTopology
{
    /// <summary>A bus client's name: lower-case letters, digits and hyphens, 1 to 40 characters, starting with a letter.</summary>
    public const string ClientNamePattern = "^[a-z][a-z0-9-]{0,39}$";

    /// <summary>The fanout exchange (and the platform's queue behind it) a client sends its commands to.</summary>
    public static string SubmitExchange(string client) => $"sutazai.submit.{client}";

    /// <summary>The fanout exchange the platform sends a client's replies and task events to; bind a queue to it before submitting.</summary>
    public static string EventsExchange(string client) => $"sutazai.tasks.{client}";

    /// <summary>The prefix of the queues a client may declare, e.g. <c>billing.events</c>.</summary>
    public static string QueuePrefix(string client) => $"{client}.";

    /// <summary>Whom tasks submitted by a client belong to (the owner the HTTP API shows to admins).</summary>
    public static string Owner(string client) => $"bus:{client}";
}
