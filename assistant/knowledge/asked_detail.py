"""What a question asks for that this knowledge base never supplies: lexicons per kind, EN and ES.

The knowledge base describes the COPC standard: items, concepts, KPIs, releases. It never gives a
price, today's people or certified companies, a product to buy, a law, another standard's rules
or scores, a staffing calculation or a salary. A question asking for one of those is answered
"not covered" whatever its topic, so the detectors are built per *kind of detail* from three
lexicons, not per question:

* ``CUES``: words that on their own ask for the detail ("pricing", "sueldo", "Erlang", "GDPR",
  vendor and BPO brand names). None of them occurs in the knowledge base (a test checks it), so
  they can never be the topic of an answerable question. Matched on folded words, and a word the
  knowledge base never uses one or two letters away from a cue of 6+ letters counts too
  ("salry", "presios", "erlnag"): misspellings of the request must not hide it.
* ``PATTERNS``: requests built from words the knowledge base does use ("how much does the
  certification cost" vs "cost per contact", "is it legal" vs "legal requirements", "which
  vendor should we pick" vs "Vendor Management Organization").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import OSA

from assistant.base.text import fold

_W = r"(?:\w+ ){0,6}"  # up to six words in between, on folded text

CUES: dict[str, frozenset[str]] = {
    "price": frozenset("""
        price prices pricing priced pricey fee fees quote quotes quotation invoice invoices expensive cheap cheaper
        cheapest affordable dollars usd euros mxn
        precio precios tarifa tarifas arancel aranceles cotizar costaria
        costarian costaba caro caros baratos cuota cuotas anualidad mensualidad discount discounts descuento descuentos barato barata economico dolares factura facturan
    """.split()),
    "salary": frozenset("""
        salary salaries wage wages paycheck paycheque payroll payscale earn earns earning earnings
        salario salarios sueldo sueldos nomina remuneracion remuneraciones salarial salariales gana ganan ganaria ganara
    """.split()),
    "people": frozenset("""
        ceo ceos cfo coo cto chairman chairwoman chairperson president presidente presidenta
        atento konecta ttec sitel foundever alorica majorel transcom webhelp startek
        sutherland genpact telus emergia allus teletech stefanini arvato sykes conduent
        linkedin headquarters headquartered
    """.split()),
    "vendor": frozenset("""
        genesys avaya five9 verint calabrio talkdesk zendesk salesforce cxone teleopti playvox
        freshdesk twilio vonage ccaas dialer dialers marcador crm crms hubspot servicenow intercom
        observeai tethr cogito medallia qualtrics
    """.split()),
    "law": frozenset("""
        law laws lawful unlawful illegal illegally legally lawyer lawyers attorney lawsuit legislation statute
        ley leyes ilegal legislacion abogado abogados sindicato sindicatos sindical overtime severance
        finiquito indemnizacion despido despedir liquidacion gdpr hipaa lgpd ccpa rgpd lfpdppp osha stps
    """.split()),
    "other_standard": frozenset("""
        iso itil cmmi kaizen efqm cobit nps pmbok gartner forrester sigma togaf hdi cxpa
    """.split()),
    "calculation": frozenset("""
        erlang erlangs
    """.split()),
}

PATTERNS: dict[str, list[str]] = {
    "price": [
        rf"\bhow much\b {_W}(cost(?!s? per)|costs(?! per)|charge|charges|pay|paid|invest|spend|is it|are they|does it|do they|would it|money)\b",
        rf"\bcuanto {_W}(cuesta|cuestan|vale|valen|cobra|cobran|pago|pagar|pagamos|paga|invert|gast|dinero|plata|lana|sale|saldria)",
        rf"\bwhat (does|do|would|will) {_W}(cost|charge)\b", rf"\b(cost|costs) (me|us|you|them)\b",
        r"\bcost (of|to|for) (the |a |an |getting |being |get |become |becoming |doing |take |taking )?"
        r"(copc |a )?(certif|audit|training|course|licen|standard|program|consult|recert|assessment|membership|exam|the norm)",
        r"\b(certification|audit|training|course|license|licence|consulting|assessment|membership|exam) (costs?|budget)\b",
        r"\b(costo|coste|valor|inversion) (de|del|para|por) (la |el |una |un |los |las )?(certif|auditor|capacit|curso|licencia|"
        r"norma|entrenamiento|consult|recertif|evaluacion|membresia|examen|copc)",
        r"\bbudget (for|to) (the |a |an )?(certif|audit|training|course|copc|consult)", r"\bpresupuesto (para|de) (la |el )?(certif|auditor|capacit|copc|curso)",
        r"\b(pay|paid|charge|charges) (for|to) (the |a |an |get )?(certif|audit|training|course|copc|license|consult)",
        r"\b(pagar|pagan|pago|cobran|cobra) (por|para) (la |el |una |un )?(certif|auditor|capacit|curso|copc|licencia|consult)",
        r"\bcotizacion (de|para|por)\b", r"\b(que tan|muy) (caro|cara|caros|caras)\b", r"\bhow (expensive|pricey|costly)\b", r"\b(going|day|daily|hourly) rate\b", r"\b(charge|charges|charging|cobra|cobran|cobrar) (\w+ ){0,2}(per|por|by the|al|a la) (day|hour|site|seat|dia|hora|sitio|posicion|mes|month)\b", r"\bset (us|me|you|them|a company|a site) back\b", rf"\bhow much {_W}run (us|me|you|them)\b", r"\b(whats|what is) the damage\b", r"\b(nos|me|les?) (sale|saldria|saldra|costara|costaria) (caro|barato|en)\b", r"\b(cuesta|cuestan) (la|el|los|las|una|un) (certif|auditor|capacit|curso|licencia|norma|copc|consult)", r"\$ ?\d", r"\d ?(usd|dollars|dolares|euros)\b",
    ],
    "salary": [
        rf"\bhow much {_W}(earn|make|makes|get paid|is paid|are paid|paid)\b",
        rf"\bcuanto {_W}(le pagan|les pagan|pagan a|gana|ganan|cobra un|cobra una)\b", r"\bpay (rate|range|grade|band)\b",
        r"\b(get|gets|getting|are|is) (well |badly )?paid\b", r"\b(pagan|paga) (bien|mal|a los|a un|a una)\b",
        r"\b(typical|average|usual|normal|median|starting|entry|going) (pay|salary|wage|compensation)\b",
        r"\bpay (of|for) (a |an |the )?(\w+ ){0,3}(agents?|supervisors?|analysts?|leads?|trainers?|auditors?|planners?|managers?|reps?)\b",
    ],
    "people": [
        r"\bwho (is|are|s) (the )?(current |present |new |actual )?(president|director|head|owner|leader|boss|chief|managing director|md|chair)",
        r"\bwho (runs|leads|owns|manages|heads|is running|is leading|is in charge of|s in charge of) (copc|the company|it|the organi[sz]ation)",
        r"\b(quien|quienes) (dirige|lidera|maneja|encabeza|manda|esta a cargo|es dueno|es duena|son los duenos) (de )?(copc|la empresa|la organizacion)?",
        r"\bquien es (el|la) (actual |nuevo |nueva )?(presidente|presidenta|director|directora|dueno|duena|jefe|jefa|gerente|lider|cabeza)",
        r"\b(which|what) (\w+ ){0,2}(companies|company|firms|firm|organizations|organisations|bpos|bpo|vendors|call centers|call centres|contact centers|contact centres|brands|banks|clients|customers|outsourcers) (are|is|have|has|hold|holds|got|currently|already|in|from)\b.{0,50}\b(certif\w*|copc|accredited|audited)\b",
        r"\b(que|cuales|cuantas|cuantos) (\w+ ){0,2}(empresas|empresa|companias|compania|organizaciones|bpos?|call ?centers?|centros de contacto|marcas|bancos|clientes|proveedores|outsourcers?) "
        r"(estan|esta|tienen|tiene|son|hay|ya|en|de)\b.{0,50}\b(certific\w*|copc|acreditad\w*|auditad\w*)\b",
        r"\b(who|which) (is|are|s|has|have|got|holds?) (already |currently |now )?(copc )?(certified|certification|the certification|the certificate)",
        r"\bcertified (companies|vendors|bpos|centers|centres|organi[sz]ations|firms|sites|call centers|contact centers|providers|in (mexico|colombia|peru|chile|argentina|spain|the us|brazil|india|the philippines|latam))\b",
        r"\b(empresas|companias|centros|bpos?|organizaciones|sitios|proveedores|call ?centers?) (\w+ ){0,2}certificad",
        r"\b(quien|quienes) (ya )?(esta|estan|tiene|tienen|cuenta|cuentan|obtuvo|obtuvieron) (con )?(la )?(certific|certificad|el certificado)",
        r"\b(is|are|was) (?!the |a |an )(\w+ ){1,3}(copc[- ])?certified\b(?! (entity|entities|scope|unit|services?|programs?|sites?|staff|agents?|auditors?|trainers?))", r"\besta(n)? (\w+ ){1,2}certificad", r"\b(list|names?|lista|nombres?|directory|directorio|ranking) (of|de) (the |los |las )?(auditors|auditores|consultants|consultores|certified|certificad|empresas|companies)",
        r"\b(phone number|email address|contact details|contact info|office address|numero de contacto|(website|web site|pagina web|sitio web|oficinas) (of|de) copc|copc (website|web site))\b",
        r"\b(tiene|tienen|has|have|hold|holds|got) (ya )?(la |the |a )?(certificacion |certification |certificate |certificado )?(de |of )?copc\b\W*$",
        r"\bhow many (\w+ ){0,2}(companies|firms|organi[sz]ations|centers|centres|bpos|sites|vendors|call centers|contact centers) (are|have|hold|got|in)\b",
        r"\b(where is|where are|donde (esta|estan|queda)) (the )?(copc|la oficina de copc|las oficinas de copc)\b",
        r"\bwho (are|is) (the |their )?(copc )?(auditors?|consultants?|trainers?)\b", r"\b(se certificaron|se han certificado|got certified|were certified|have been certified|became certified)\b",
        r"\b(correo|email|e-mail|mail|telefono|phone|whatsapp|direccion|address|contacto|contact) (de|del|of|for|with|con) (copc|contacto|la empresa)\b", r"\b(how (do|can|could) (i|we) (contact|reach)|contactar a|contactar con|contacto con) copc\b",
        r"\b(who|quien|quienes) .{0,60}\b(now|today|currently|nowadays|these days|hoy|actualmente|ahora)\b",
        r"\b(?!que\b|la\b|el\b|entidad\b|se\b)\w+ (esta|estan) (ya )?certificad", r"\bquien(es)? (son|es) (los |las |el |la )?(auditor|consultor|capacitador)",
    ],
    "vendor": [
        r"\b(which|what) (?:(?!is |are |does |do |was |es |son )\w+ ){0,2}(software|vendor|vendors|platform|platforms|consultant|consultants|consultancy|consulting firm|headsets?|wfm|wfo)\b(?! management)",
        r"\b(best|top|recommend\w*|good|compliant|certified|cheapest|approved|homologated) (\w+ ){0,3}(software|tool|tools|vendor|vendors|platform|platforms|app|apps|product|products|solution|solutions|system|systems|consultant|consultants|consultancy|provider|providers|supplier|suppliers|brand|brands|headsets?|wfm|wfo)\b(?! management)",
        r"\b(software|tool|tools|platform|app|product|solution|system|vendor|provider|supplier|consultancy|consultant)s? (\w+ ){0,3}(do you recommend|should (we|i)|would you (use|recommend|pick)|is (the )?best|is compliant|complies|meets copc|is copc (certified|approved|compliant))",
        r"\b(software|herramienta|herramientas|plataforma|plataformas|aplicacion|app|producto|productos|solucion|sistema|sistemas|marca|marcas|diademas|proveedor|proveedores|consultora|consultoras|consultor|consultores)\b"
        r".{0,40}\b(recomiend|cumpl|mejor|compr|usar|uso|conviene|certificad|homologad|aprobad|elijo|elegir|escoger|contrat)",
        r"\b(recomiend\w*|mejor|mejores|que|cual|cuales) (?:(?!es |son |significa )\w+ ){0,2}(software|herramienta|herramientas|proveedor|proveedores|plataforma|plataformas|consultora|consultoras|marca)\b(?! de servicios)",
        r"\b(should|can|could) (we|i) (buy|purchase|license|subscribe to)\b", r"\b(debemos|debo|deberiamos|deberia|conviene|puedo|podemos) (comprar|adquirir)\b",
        r"\b(should|shall) (we|i) (use|hire|pick|choose|get|go with) (\w+ ){0,2}(software|tool|vendor|platform|provider|consultant|consultancy|crm|app|system|solution)s?\b",
        r"\b(buy|purchase|comprar|adquirir) (a |an |the |un |una |el |la )?(\w+ ){0,2}(software|tool|platform|license|licencia|herramienta|plataforma|sistema|system)\b",
        r"\b(amazon connect|microsoft dynamics|google ccai|nice incontact|five 9)\b",
    ],
    "law": [
        r"\b(labou?r|employment|overtime|privacy|data protection|work|working) (law|laws|code|regulation|regulations|rules|act|legislation)\b", r"\bminimum wage\b",
        r"\b(is it|is that|is this|es|sera|seria|would it be) (\w+ )?(legal|ilegal|illegal|lawful)\b", r"\blegal(ly)? (required|obligation|obliged|requirement|to)\b",
        r"\b(ley|leyes|codigo|legislacion|derecho|normativa|reglamento) (laboral|del trabajo|de trabajo|federal del trabajo|de proteccion de datos|de datos)\b",
        r"\bley (de|federal|general)\b", r"\b(por|by|under( the)?|segun la|according to( the)?) (ley|law)\b", r"\b(mandatory|required|obligatori[oa]) (by|por) (law|ley)\b",
        r"\b(obligacion|requisito) legal\b", r"\bnom-?0\d\d\b", r"\b(labor union|trade union|union contract|union rules|collective agreement|convenio colectivo|contrato colectivo)\b",
        r"\b(salario minimo|horas extra|horas extras|jornada laboral|jornada maxima|working hours limit|maximum working hours|vacaciones de ley|days off by law)\b",
        r"\bcan (my|the|our) (boss|employer|company|manager|supervisor) (make|force|fire|oblige)\b", r"\b(me|nos|les) (pueden|puede) (obligar|despedir|correr)\b",
        r"\b(can|could|may|puede|pueden|podemos|puedo) (\w+ ){0,3}(fire|dismiss|sack|terminate|suspend|despedir|correr|suspender|descontar|descontarle)\b",
        r"\b(fire|firing|dismiss|dismissal|lay off|despedir|correr) (an |a |un |una |al |a la )?(agent|employee|agente|empleado|asesor|trabajador)",
    ],
    "other_standard": [
        r"\biso ?\d{3,5}\b", r"\bnorma iso\b", r"\bsix sigma\b", r"\blean six\b", r"\bpci[- ]?dss\b", r"\bsoc ?2\b", r"\ben ?15838\b",
        r"\bcustomer service excellence\b", r"\b(net promoter|nps) (score|benchmark|of|de)\b", r"\bbalanced scorecard\b", r"\bj ?d ?power\b",
        r"\btl ?9000\b", r"\bcustomer service institute\b", r"\bcx ?pa\b", r"\bmalcolm\b", r"\bcopc (vs|versus|or|o|contra|compared to|frente a|against) (\w+ ){0,2}(iso|itil|six|lean|efqm|cmmi|hdi)",
        r"\b(other|another|otra|otras|otro|otros) (standard|standards|norma|normas|certification|certifications|certificacion|certificaciones|framework|frameworks|marco|marcos)\b",
    ],
    "calculation": [
        r"\bhow many (\w+ ){0,2}(agents|staff|people|fte|ftes|reps|representatives|seats|heads|advisors|employees|operators|positions|workstations|lines|trunks|supervisors)\b"
        r".{0,60}\b(need|needed|require|required|should|must|hire|staff|schedule|cover|handle|for)\b",
        r"\bcuant[oa]s (\w+ ){0,2}(agentes|asesores|fte|ftes|personas|ejecutivos|posiciones|representantes|operadores|empleados|puestos|lineas|troncales|supervisores)\b"
        r".{0,60}\b(necesito|necesitamos|necesita|requiero|requerimos|requiere|hacen falta|se necesitan|debo|debemos|ocupo|ocupamos|contrato|contratar|para|tengo que|tenemos que)\b",
        r"\b(calculate|compute|work out|figure out|estimate|calcula|calcular|calculame|calcule|calculen|estima|estimar|dimensiona|dimensionar|sacar la cuenta)\b"
        r".{0,80}\b(headcount|staffing|fte|ftes|agents|agentes|plantilla|dimensionamiento|asesores|staff|trunks|seats|puestos|occupancy|ocupacion)\b",
        r"\b(headcount|staffing|dimensionamiento|plantilla) (for|para|de)\b.{0,60}\d",
        r"\b\d[\d,.]* (calls|llamadas|contacts|contactos|chats|emails|correos|tickets)\b.{0,120}\b(how many|cuant[oa]s)\b",
        r"\b(what|which|que|cual|cuanta|how much) (\w+ ){0,2}(occupancy|service level|nivel de servicio|ocupacion|asa|abandonment|abandono) (will|would|do|shall|tendre|tendremos|tendria|tendriamos|da|dara|daria)\b.{0,80}\d",
        r"\b(with|con|have|tengo|tenemos) \d[\d,.]* (agents|agentes|asesores|reps|ftes?|people|personas)\b.{0,80}\d",
        r"\b(if|si|with|con) (i|we|you)? ?(have |get |receive |tengo |tenemos |recibo |recibimos |entran |llegan )?\d[\d,.]* (calls|contacts|llamadas|contactos|chats|emails|tickets)\b.{0,80}\b(how many|cuant|what|cual|que)\b",
        r"\b\d[\d,.]* (calls|contacts|llamadas|contactos|chats)\b.{0,60}\b(per|an|a|por|cada|al|x) (hour|hora|day|dia|half hour|media hora|interval|intervalo)\b.{0,80}\b(how many|cuant|agents|agentes|staff|fte)",
    ],
}

_CUE_RE = re.compile(r"[a-z][a-z0-9]*")
_PATTERN_RE = {kind: re.compile("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in PATTERNS.items()}
_FUZZY_CUES = [(cue, kind) for kind, cues in CUES.items() for cue in cues if len(cue) >= 6 and cue.isalpha()]
# Kinds in the order a question is attributed (a price of a staffing tool is a price).
KINDS = ("price", "salary", "calculation", "law", "other_standard", "people", "vendor")


def _cue_kind(word: str, known: Callable[[str], bool] | None) -> str | None:
    for kind in KINDS:
        if word in CUES[kind]:
            return kind
    # A misspelt cue: only words the knowledge base never uses, so its own words never turn into
    # a request ("feedback" is not "fees"); two edits from 8 letters, as typo correction does.
    if len(word) < 5 or (known is not None and known(word)):
        return None
    for cue, kind in _FUZZY_CUES:
        if abs(len(cue) - len(word)) <= 2 and OSA.distance(word, cue) <= (2 if len(cue) >= 8 else 1):
            return kind
    return None


def asked_detail(question: str, known: Callable[[str], bool] | None = None) -> str | None:
    """The kind of detail ``question`` asks for that no entry supplies, or None.

    ``known``: whether a folded word is one of the knowledge base's own (enables misspelt cues).
    """
    folded = fold(question)
    for kind in KINDS:
        if _PATTERN_RE[kind].search(folded):
            return kind
    for word in _CUE_RE.findall(folded):
        kind = _cue_kind(word, known)
        if kind:
            return kind
    return None
