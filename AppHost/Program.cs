using SutazAI.AppHost;
using SutazAI.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args).RequireOwnSettings();

var platform = builder.AddPlatformServices(builder.AddInfrastructure());
var apiKey = builder.AddBootstrapApiKey();

var models = builder.AddModelsService<Projects.SutazAI_Models>(platform);

var orchestrator = builder.AddSutazAIService<Projects.SutazAI_Orchestrator>("orchestrator", platform)
    .WithInfrastructure(platform.Infrastructure, database: "orchestratordb", redis: true, rabbitmq: true)
    .WithReference(models)
    .WithSettings("Assignment", "Routing", "Outbox", "Streams", "Bus");

var analyst = builder.AddAgent<Projects.SutazAI_Agents_Analyst>("analyst", platform);
var reviewer = builder.AddAgent<Projects.SutazAI_Agents_Reviewer>("reviewer", platform).WithReference(models);
var coder = builder.AddAgent<Projects.SutazAI_Agents_Coder>("coder", platform).WithReference(models);
var chat = builder.AddAgent<Projects.SutazAI_Agents_Chat>("chat", platform, database: "chatdb").WithReference(models);
var planner = builder.AddAgent<Projects.SutazAI_Agents_Planner>("planner", platform).WithReference(models);

// Documents, passages and hybrid search; it also runs the knowledge.ingest tasks it submits for the uploader.
var knowledge = builder.AddKnowledgeService<Projects.SutazAI_Knowledge>(platform)
    .WithReference(models)
    .WithReference(orchestrator);
var researcher = builder.AddAgent<Projects.SutazAI_Agents_Researcher>("researcher", platform)
    .WithReference(models)
    .WithReference(knowledge);

// The web console: served by the gateway at /, calling the platform only through the gateway's public API.
var web = builder.AddSutazAIService<Projects.SutazAI_Web>("web", platform)
    .WithInfrastructure(platform.Infrastructure, redis: true);

var gateway = builder.AddGateway<Projects.SutazAI_Gateway>(platform, apiKey)
    // Routes go to orchestrator, models, chat, knowledge and the console; the status page asks every service.
    .WithReference(orchestrator)
    .WithReference(models)
    .WithReference(chat)
    .WithReference(analyst)
    .WithReference(reviewer)
    .WithReference(coder)
    .WithReference(planner)
    .WithReference(knowledge)
    .WithReference(researcher)
    .WithReference(web)
    .WithUploadLimit();
web.WithReference(gateway);

builder.AddLocalPrometheus();
builder.AddResourceStateLog();
builder.AddHealthCheckCadence();

builder.Build().Run();
