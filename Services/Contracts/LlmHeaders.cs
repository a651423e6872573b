namespace SutazAI.Contracts;

/// <summary>Headers an agent sends to the models service so LLM slots and budgets follow the task's origin.</summary>
public static class LlmHeaders
{
    /// <summary>Whom the work is for (the task's owner); budgets and fairness are per owner.</summary>
    public const string Requester = "X-SutazAI-Requester";

    /// <summary>0 (lowest) to 9 (highest); waiting requests are served highest first.</summary>
    public const string Priority = "X-SutazAI-Priority";
}
