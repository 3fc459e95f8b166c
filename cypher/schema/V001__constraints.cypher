// Uniqueness constraints for the ids every node kind is addressed by.
// Applied idempotently (IF NOT EXISTS) at start-up and by `orggraph migrate`.
// Statements are separated by semicolons; each names its constraint so /readyz can check it.
CREATE CONSTRAINT jurisdiction_code IF NOT EXISTS FOR (j:Jurisdiction) REQUIRE j.code IS UNIQUE;
CREATE CONSTRAINT body_id IF NOT EXISTS FOR (b:Body) REQUIRE b.id IS UNIQUE;
CREATE CONSTRAINT duty_id IF NOT EXISTS FOR (d:Duty) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT reform_event_id IF NOT EXISTS FOR (e:ReformEvent) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT function_code IF NOT EXISTS FOR (f:Function) REQUIRE f.code IS UNIQUE;
