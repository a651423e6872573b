using SutazAI.AppHost;
using SutazAI.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddInfrastructure();
var apiKey = builder.AddBootstrapApiKey();

var models = builder.AddModelsService<Projects.SutazAI_Models>(infrastructure);

var orchestrator = builder.AddProject<Projects.SutazAI_Orchestrator>("orchestrator")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithInfrastructure(infrastructure, database: "orchestratordb", redis: true, rabbitmq: true)
    .WithReference(models)
    .WithSettings("Assignment", "Routing", "Outbox", "Streams");

var analyst = builder.AddAgent<Projects.SutazAI_Agents_Analyst>("analyst", infrastructure);
var reviewer = builder.AddAgent<Projects.SutazAI_Agents_Reviewer>("reviewer", infrastructure).WithReference(models);
var coder = builder.AddAgent<Projects.SutazAI_Agents_Coder>("coder", infrastructure).WithReference(models);
var chat = builder.AddAgent<Projects.SutazAI_Agents_Chat>("chat", infrastructure, database: "chatdb").WithReference(models);
var planner = builder.AddAgent<Projects.SutazAI_Agents_Planner>("planner", infrastructure).WithReference(models);

var gateway = builder.AddGateway<Projects.SutazAI_Gateway>(infrastructure, apiKey)
    // Routes go to orchestrator, models and chat; the status page asks every service.
    .WithReference(orchestrator)
    .WithReference(models)
    .WithReference(chat)
    .WithReference(analyst)
    .WithReference(reviewer)
    .WithReference(coder)
    .WithReference(planner)
    .WaitFor(orchestrator);

builder.WithInternalTokens(gateway);
builder.WithSmallGen0Budget();
builder.WithTelemetryOverride();
builder.AddLocalPrometheus();
builder.AddResourceStateLog();

builder.Build().Run();
