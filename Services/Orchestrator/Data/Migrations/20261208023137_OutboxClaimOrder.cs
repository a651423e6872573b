using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Orchestrator.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxClaimOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "outbox_messages")
                .Annotation("Npgsql:StorageParameter:autovacuum_vacuum_scale_factor", 0)
                .Annotation("Npgsql:StorageParameter:autovacuum_vacuum_threshold", 1000);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_Attempts_Id",
                table: "outbox_messages",
                columns: new[] { "Attempts", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_Attempts_Id",
                table: "outbox_messages");

            migrationBuilder.AlterTable(
                name: "outbox_messages")
                .OldAnnotation("Npgsql:StorageParameter:autovacuum_vacuum_scale_factor", 0)
                .OldAnnotation("Npgsql:StorageParameter:autovacuum_vacuum_threshold", 1000);
        }
    }
}
