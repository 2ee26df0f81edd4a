"""Story texts for dedupe tests: one wire story as two outlets ran it, and a rival report."""

from __future__ import annotations

WIRE_BODY = """
The regional port authority reopened the harbour at Port Evren on Tuesday, three months after a
winter storm tore a forty-metre hole in its sea wall and forced the local fishing fleet to shelter
in neighbouring towns along the coast.
The repairs cost 12 million euros and were finished two weeks ahead of schedule, the authority said
in a statement, adding that crews had worked through the night during calmer weeks in February to
make up for time lost to bad weather in January.
Engineers raised the crest of the wall by one and a half metres and anchored new concrete blocks to
the bedrock. They said the design should withstand the stronger storms that climate scientists
expect along this stretch of coast in the coming decades.
"We did not just patch the hole, we rebuilt the wall for the sea we expect in 2050," chief engineer
Tomas Reyes told reporters at the reopening ceremony, which was attended by the regional governor
and several hundred residents.
For the town's forty fishing families, the reopening ends a difficult winter. Many spent hours each
day driving to and from the harbour at Calder Bay, where berths were scarce and fees were high,
and several crews said they had barely broken even since December.
The authority said it would refund berth fees paid at Calder Bay between December and March and
that the harbour's fish market, closed since the storm, would reopen on Saturday morning with a
festival for families and visitors.
The regional government has promised a further 30 million euros to strengthen sea defences in five
other fishing towns, with work due to begin next year after public consultations in each town.
"""

OUTLET_A = (
    "Good news for the coast this week. Here is what you need to know.\n"
    + WIRE_BODY
    + "\nSign up for our morning newsletter. Copyright 2024 The Associated Wire."
)

OUTLET_B = (
    "PORT EVREN (Wire) — Boats are back.\n"
    + WIRE_BODY
    + "\nRead more: Storm leaves hole in harbour wall. Follow us on social media."
)

SAME_EVENT_OTHER_REPORT = """
Port Evren's fishermen steered their trawlers home on Tuesday as the harbour opened again, ending
a three-month exile that began when a January storm smashed through the old breakwater.
Standing on the quay, Ines Varga said the winter had been the hardest of her thirty years at sea.
"The catch was fine, but the diesel and the fees at Calder Bay ate everything," she said, as a
brass band played and children waved flags from the lighthouse steps.
The new wall, a metre and a half taller than the old one, took a crew of sixty workers eleven weeks
to build and cost the region 12 million euros, officials said. Critics on the town council argue
the money would have been better spent moving the fish market away from the shore entirely.
Council member Piet Olsen said the town was "buying time, not safety", and called for a long-term
plan before the next big storm. The governor rejected the criticism at the ceremony, saying the
region would spend another 30 million euros on defences in other towns.
The fish market will reopen on Saturday with a festival, and berth fees paid elsewhere during the
closure will be refunded, the port authority said in a statement on its website.
"""
