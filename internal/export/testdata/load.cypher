// Load a convene graph export into Neo4j. Put nodes.csv and
// relationships.csv in the database's import folder, then run this file
// (cypher-shell -f load.cypher). Loading a later export updates nodes and
// relationships by ID; it does not delete what a later scan no longer has.
CREATE CONSTRAINT convene_id IF NOT EXISTS FOR (n:Convene) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = 'identity'
MERGE (n:Convene {id: row.`id:ID`})
SET n:Identity, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = 'credential'
MERGE (n:Convene {id: row.`id:ID`})
SET n:Credential, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = 'policy'
MERGE (n:Convene {id: row.`id:ID`})
SET n:Policy, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = 'workload'
MERGE (n:Convene {id: row.`id:ID`})
SET n:Workload, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = 'owner'
MERGE (n:Convene {id: row.`id:ID`})
SET n:Owner, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = 'location'
MERGE (n:Convene {id: row.`id:ID`})
SET n:Location, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'ASSUMES'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:ASSUMES]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'RUNS_AS'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:RUNS_AS]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'AUTHENTICATES_AS'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:AUTHENTICATES_AS]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'HAS_POLICY'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:HAS_POLICY]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'GRANTS'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:GRANTS]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'READS'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:READS]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'USES'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:USES]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'COPY_OF'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:COPY_OF]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'KEY_OF'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:KEY_OF]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'DEPENDS_ON'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:DEPENDS_ON]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'TRIGGERS'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:TRIGGERS]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'OWNED_BY'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:OWNED_BY]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'PART_OF'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:PART_OF]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = 'CAN_BECOME'
MATCH (a:Convene {id: row.`:START_ID`}), (b:Convene {id: row.`:END_ID`})
MERGE (a)-[r:CAN_BECOME]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;
