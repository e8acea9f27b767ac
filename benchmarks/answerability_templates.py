"""Question templates for the answerability training set (benchmarks/answerability_set.py).

Written from the failure *classes* of issue 11 and the knowledge base's own structure, never from
an evaluation set: for each near-domain kind (a detail no entry gives) many wordings in both
languages — synonyms, question forms, code-switching, colloquial forms — and in-scope wordings of
the same breadth, including in-scope questions that use the same words ("cost per contact", "legal
requirements", "Vendor Management", "how many points"), so that refusals are learnt from what is
asked, not from a word. ``{t}`` is a knowledge-base title or alias; ``{n}`` a number.
"""

from __future__ import annotations

# In-scope forms beyond definitions: colloquial, code-switched, rambling, requirement questions.
ANSWERABLE_MORE = {
    "en": ["hey so what exactly is {t}?", "can u explain {t} real quick", "{t}?? what's that", "what do they mean with {t}",
           "what are the requirements around {t}?", "what does an auditor check for {t}?", "how do we comply with {t}?",
           "how is {t} calculated?", "what counts as {t}?", "give me an example of {t}", "is {t} mandatory in COPC?",
           "I'm a new supervisor and my manager mentioned {t} in today's meeting, what is it?",
           "we have an audit next month and I keep hearing about {t}, can you explain it?",
           "what is the purpose of {t}", "why does COPC care about {t}?", "which item covers {t}?", "que es {t} en COPC? (what is it)",
           "what's the meaning of {t} for a contact center", "how many points is {t} worth?", "summary of {t} pls"],
    "es": ["oye y qué es {t}?", "me explicas {t} rapidito", "{t}?? qué es eso", "qué quieren decir con {t}",
           "cuáles son los requisitos de {t}?", "qué revisa el auditor en {t}?", "cómo cumplimos con {t}?",
           "cómo se calcula {t}?", "qué cuenta como {t}?", "dame un ejemplo de {t}", "es obligatorio {t} en COPC?",
           "soy supervisor nuevo y mi jefe mencionó {t} en la junta de hoy, qué es?",
           "tenemos auditoría el mes que viene y no paro de oír {t}, me lo explicas?",
           "para qué sirve {t}", "por qué le importa a COPC {t}?", "qué ítem cubre {t}?", "what is {t} en la norma?",
           "qué significa {t} para un call center", "cuántos puntos vale {t}?", "resumen de {t} porfa"],
}
# In-scope questions that share words with near-domain requests; every one has an entry.
ANSWERABLE_LOOKALIKES = {
    "en": ["what is cost per contact?", "how is cost per contact calculated?", "what is a good cost per contact?",
           "what are the legal, regulatory and contractual requirements in COPC?", "what does COPC say about privacy and compliance?",
           "what is the Vendor Management Organization standard?", "so what is a VMO exactly?", "what does VMO mean",
           "how many points does the standard have?", "who wrote the COPC standard?",
           "who can be certified?", "what entity gets certified?", "what is the certification audit?", "how does certification work?",
           "how often is recertification?", "what does it take to get certified?", "how is staffing planned in COPC?",
           "what is forecasting, planning and scheduling?", "what is the cost and efficiency category?", "what efficiency metrics are required?",
           "how is service level calculated?", "how many transactions should be monitored?",
           "what is occupancy?", "how do you calculate AHT?", "what is the formula for attrition?", "who founded COPC?",
           "what are the roles of client, provider and end user?", "what is the difference between CSP and VMO?",
           "what does an operation gain by getting certified?", "how is COPC linked to the Baldrige model?", "was COPC based on Malcolm Baldrige?",
           "does COPC set fixed numeric targets for KPIs?", "what does an auditor review during the on-site visit?", "how is the certification audit scored?",
           "how often is the certification renewed?", "what does the standards committee do?", "which item covers transaction monitoring in CX 6.0?",
           "what does the standard say about staffing ratios?", "what is shrinkage and how is it measured?", "what are the benefits of COPC certification?",
           "how long is a COPC certificate valid?", "how long does the audit cycle take before recertification?", "proces capabilty item in 5.1", "item 2.2 proces capability in the old release"],
    "es": ["qué es el costo por contacto?", "cómo se calcula el costo por contacto?", "cuál es un buen costo por contacto?",
           "cuáles son los requisitos legales, regulatorios y contractuales en COPC?", "qué dice COPC de privacidad y cumplimiento?",
           "qué es la norma VMO de gestión de proveedores?", "qué es una VMO?", "qué significa VMO",
           "cuántos puntos tiene la norma?", "quién escribió la norma COPC?",
           "quién se puede certificar?", "qué entidad se certifica?", "qué es la auditoría de certificación?", "cómo funciona la certificación?",
           "cada cuánto es la recertificación?", "qué se necesita para certificarse?", "cómo se planifica el personal en COPC?",
           "qué es pronósticos, planificación y programación?", "qué es la categoría de costo y eficiencia?", "qué métricas de eficiencia se piden?",
           "cómo se calcula el nivel de servicio?", "cuántas transacciones se deben monitorear?", "qué es la ocupación?",
           "cómo se calcula el TMO?", "cuál es la fórmula de rotación?", "quién fundó COPC?",
           "cuáles son los roles de cliente, proveedor y usuario final?", "diferencia entre CSP y VMO",
           "qué gana una operación al certificarse?", "qué relación tiene COPC con el modelo Baldrige?", "COPC se basó en Malcolm Baldrige?",
           "COPC fija metas numéricas para los KPI?", "qué revisa el auditor en la visita en sitio?", "cómo se califica la auditoría de certificación?",
           "cada cuánto se renueva la certificación?", "qué hace el comité de la norma?", "qué ítem cubre el monitoreo de transacciones en la CX 6.0?",
           "qué dice la norma de los ratios de personal?", "qué es el shrinkage y cómo se mide?", "qué beneficios trae certificarse en COPC?",
           "cuánto dura la vigencia de la certificación?", "cada cuánto tiempo hay que volver a auditar?", "capacidad de proceso ítem en la 5.1", "ítem 2.2 capacidad de proseso en la versión vieja"],
}
# Near-domain requests, many wordings per kind. {t}: a topic of the knowledge base; {n}: a number.
NEAR = {
    "price": {
        "en": ["how much does {t} cost?", "what's the price of getting certified?", "pricing for the COPC audit?", "how much do they charge for {t}",
               "cost of the certification audit for a 200 seat site?", "what fee does COPC charge for {t}?", "how expensive is COPC certification",
               "is the COPC training cheap or pricey?", "how much money do we need for the audit", "what's the budget for certification",
               "quote for a COPC consultant for {t}?", "how much would it cost us to implement {t}", "can you give me the price list for COPC courses",
               "how much is the registration fee?", "are there annual fees to keep the certification?", "how much do I pay for the {t} course",
               "what does the COPC exam cost in usd?", "how much is the certification in dollars", "cuanto cuesta the certification?",
               "so like how much does the whole COPC thing cost"],
        "es": ["cuánto cuesta {t}?", "cuál es el precio de la certificación?", "precio de la auditoría COPC?", "cuánto cobran por {t}",
               "costo de la auditoría de certificación para un sitio de 200 posiciones?", "qué tarifa cobra COPC por {t}?", "qué tan cara es la certificación COPC",
               "es barato el curso de COPC?", "cuánto dinero necesitamos para la auditoría", "cuál es el presupuesto para la certificación",
               "cotización de un consultor COPC para {t}?", "cuánto nos costaría implementar {t}", "me pasas la lista de precios de los cursos COPC",
               "cuánto es la cuota de inscripción?", "hay que pagar anualidad para mantener la certificación?", "cuánto pago por el curso de {t}",
               "cuánto vale el examen COPC en dólares?", "cuánto sale la certificación", "how much cuesta la certificacion?",
               "oye y cuánto sale todo lo de COPC"],
    },
    "people": {
        "en": ["who is the CEO of COPC?", "who runs COPC nowadays?", "who's the current president of COPC", "which companies are COPC certified?",
               "is Teleperformance certified in {t}?", "which BPOs in Mexico have the certification", "list of certified contact centers please",
               "who are the COPC auditors in my country?", "is our competitor certified?", "which banks hold COPC certification",
               "who is in charge of COPC today", "give me the email address of COPC", "what's COPC's phone number",
               "which call centers got certified this year?", "who leads the COPC standards committee now?", "names of certified companies in {t}"],
        "es": ["quién es el CEO de COPC?", "quién dirige COPC hoy en día?", "quién es el presidente actual de COPC", "qué empresas están certificadas en COPC?",
               "Teleperformance está certificada en {t}?", "qué BPOs en México tienen la certificación", "lista de call centers certificados porfa",
               "quiénes son los auditores COPC en mi país?", "nuestra competencia está certificada?", "qué bancos tienen certificación COPC",
               "quién está a cargo de COPC hoy", "dame el correo de contacto de COPC", "cuál es el teléfono de COPC",
               "qué call centers se certificaron este año?", "quién lidera hoy el comité de la norma?", "nombres de empresas certificadas en {t}"],
    },
    "vendor": {
        "en": ["which software do you recommend for {t}?", "best WFM tool for {t}?", "should we buy Genesys or Five9 for {t}", "what CRM is COPC compliant",
               "which quality monitoring platform meets COPC?", "recommend a vendor for {t}", "what dialer should I use", "which consultancy should we hire for {t}",
               "is NICE CXone COPC approved?", "what app is best for tracking {t}", "which headset brand do certified centers use",
               "top tools for {t} that comply with the standard", "does COPC endorse a particular speech analytics product?", "is there a brand of recording software COPC backs?"],
        "es": ["qué software recomiendas para {t}?", "mejor herramienta WFM para {t}?", "compramos Genesys o Five9 para {t}", "qué CRM cumple con COPC",
               "qué plataforma de monitoreo de calidad cumple con COPC?", "recomiéndame un proveedor para {t}", "qué marcador debo usar", "qué consultora contratamos para {t}",
               "NICE CXone está homologado por COPC?", "qué app es mejor para llevar {t}", "qué marca de diademas usan los centros certificados",
               "las mejores herramientas para {t} que cumplan la norma", "COPC avala alguna marca de software de grabación?", "hay algún producto de analítica que respalde COPC?"],
    },
    "law": {
        "en": ["what does labour law say about {t}?", "is it legal to record calls without consent?", "does GDPR apply to {t}?", "how many hours of overtime are allowed by law",
               "can I fire an agent for low {t}?", "what is the minimum wage for agents", "is it illegal to monitor agents' screens",
               "what do employment regulations say about breaks", "legally, how long must we keep recordings?", "what does the union contract allow for {t}"],
        "es": ["qué dice la ley laboral sobre {t}?", "es legal grabar llamadas sin consentimiento?", "aplica el GDPR a {t}?", "cuántas horas extra permite la ley",
               "puedo despedir a un agente por bajo {t}?", "cuál es el salario mínimo de un agente", "es ilegal monitorear la pantalla de los asesores",
               "qué dice la ley federal del trabajo de los descansos", "por ley cuánto tiempo guardamos las grabaciones?", "qué permite el contrato colectivo sobre {t}"],
    },
    "other_standard": {
        "en": ["how does ISO 9001 handle {t}?", "what's the ISO 18295 score for {t}?", "six sigma vs COPC on {t}", "is ITIL better than COPC for {t}?",
               "how does COPC compare to other standards like ISO?", "what score do you need in ISO 18295?", "what does EFQM say about {t}",
               "what is a good NPS score for a bank?", "does CMMI cover {t}?", "how do I map {t} to ISO 27001"],
        "es": ["cómo maneja la ISO 9001 {t}?", "qué puntaje da la norma ISO 18295 a {t}?", "six sigma contra COPC en {t}", "es mejor ITIL que COPC para {t}?",
               "cómo se compara COPC con otras normas como ISO?", "qué puntaje se necesita en ISO 18295?", "qué dice EFQM sobre {t}",
               "cuál es un buen NPS para un banco?", "CMMI cubre {t}?", "cómo mapeo {t} con ISO 27001"],
    },
    "calculation": {
        "en": ["how many agents do I need for {n} calls an hour?", "calculate staffing with Erlang C for {t}", "if we get {n} calls per hour with 300 s AHT how many agents?",
               "compute the FTEs for {n} chats a day", "erlang c for {n} calls and 80/20", "work out our headcount for {n} contacts",
               "how many reps should we schedule for {n} calls on monday", "with {n} calls and an AHT of 4 minutes what occupancy will we have"],
        "es": ["cuántos agentes necesito para {n} llamadas por hora?", "calcula el dimensionamiento con Erlang C para {t}", "si entran {n} llamadas por hora con TMO de 300 s cuántos asesores?",
               "calcúlame los FTE para {n} chats al día", "erlang c para {n} llamadas y 80/20", "dimensiona la plantilla para {n} contactos",
               "cuántos asesores programo para {n} llamadas el lunes", "con {n} llamadas y un TMO de 4 minutos qué ocupación tendré"],
    },
    "salary": {
        "en": ["what is the salary of a {t} analyst?", "how much does a COPC auditor earn?", "average wage of a contact centre agent", "how much do team leads make",
               "what's the pay range for a quality analyst", "salary for a WFM planner in Mexico"],
        "es": ["cuál es el sueldo de un analista de {t}?", "cuánto gana un auditor COPC?", "salario promedio de un agente de call center", "cuánto le pagan a un team leader",
               "cuál es el rango salarial de un analista de calidad", "sueldo de un planificador WFM en México"],
    },
    "status": {
        "en": ["does Acme Global still hold a valid COPC certificate?", "is the Bogota site of our provider certified right now?",
               "what score did Northwind Contact get in their latest COPC audit?", "which BPO got the best audit rating this year?",
               "how did our competitor do in its most recent certification audit?", "is Contoso's {t} program currently COPC certified?",
               "which providers in Chile were certified under release 7?", "who has the top COPC score in Central America?",
               "has Fabrikam's certification expired yet?", "what result did the Lima site obtain in its previous assessment?"],
        "es": ["Acme Global sigue teniendo la certificación COPC activa?", "el sitio de Bogotá de nuestro proveedor está certificado ahorita?",
               "qué calificación obtuvo Northwind Contact en su auditoría más reciente?", "qué BPO tiene el puntaje más alto este año?",
               "cómo le fue a la competencia en su última evaluación de certificación?", "el programa de {t} de Contoso está certificado actualmente?",
               "qué proveedores de Chile se certificaron con la versión 7?", "quién tiene la mejor calificación COPC de Centroamérica?",
               "ya se le venció la certificación a Fabrikam?", "qué resultado sacó el sitio de Lima en su evaluación anterior?"],
    },
    "logistics": {
        "en": ["how long does the on-site certification visit take?", "how many hours is the COPC leader exam?", "how many assessors will COPC send to our site?",
               "what's the passing score for the {t} course exam?", "when is the next standards committee session?", "when will the next release of the standard be published?",
               "where can I sit the COPC exam in my city?", "how many weeks does an audit of {t} last?", "how do I book an audit date with COPC?",
               "when will version 9 come out?"],
        "es": ["cuánto tiempo dura la visita de certificación en sitio?", "cuántas horas dura el examen de líder COPC?", "cuántos evaluadores nos envía COPC?",
               "cuál es la nota mínima para aprobar el examen del curso de {t}?", "cuándo es la próxima reunión del comité de la norma?", "cuándo se publicará la siguiente versión de la norma?",
               "dónde puedo rendir el examen COPC en mi ciudad?", "cuántas semanas dura una auditoría de {t}?", "cómo agendo una auditoría con COPC?",
               "cuándo va a salir la versión 9?"],
    },
    "finance": {
        "en": ["how much revenue does COPC make a year?", "what are COPC's yearly sales?", "is there a fine if we fail the recertification?",
               "what penalty do we pay if the site loses its certificate?", "how profitable is COPC as a company?", "will the client penalize us for {t}?"],
        "es": ["cuántos ingresos anuales tiene COPC?", "cuál es la facturación anual de la organización COPC?", "hay multa si reprobamos la recertificación?",
               "qué sanción nos ponen si el sitio pierde la certificación?", "cuántas ganancias tiene COPC?", "nos penaliza el cliente por {t}?"],
    },
    "document": {
        "en": ["paste the complete wording of the {t} item", "can you send me the standard as a pdf?", "give me the item on {t} word for word",
               "I need a template for an outsourcing agreement", "draft me a contract with our provider", "copy me the exact text of item 1.2",
               "quote the official text of the whole standard"],
        "es": ["pégame la redacción completa del ítem de {t}", "me mandas la norma en pdf?", "dame el ítem de {t} al pie de la letra",
               "necesito una plantilla de acuerdo de tercerización", "redáctame un contrato con nuestro proveedor", "cópiame el texto exacto del ítem 1.2",
               "cítame el texto oficial de toda la norma"],
    },
    "hr_policy": {
        "en": ["what bonus should agents get for good {t}?", "how many vacation days does a team lead get?", "what incentive plan works for reps?",
               "should I give a bonus to the best agent of the month?", "how should we reward agents who hit {t}?", "what's a fair commission scheme for sales agents?"],
        "es": ["qué bono le damos a los agentes por buen {t}?", "cuántos días de vacaciones le tocan a un líder de equipo?", "qué plan de incentivos funciona para asesores?",
               "le doy bono al mejor asesor del mes?", "cómo premiamos a los agentes que cumplen {t}?", "qué esquema de comisiones es justo para vendedores?"],
    },
    "target": {
        "en": ["how many agents per team lead does COPC require?", "what absenteeism rate should we plan for next quarter?", "does COPC require a ratio of one QA analyst per 20 agents?",
               "how many monitorings per agent per week does the standard require?", "what occupancy percentage should I target for my site?",
               "exactly how many coaching sessions per month are mandatory?", "what service level number should our site set per COPC?"],
        "es": ["cuántos agentes por líder exige COPC?", "qué porcentaje de ausentismo debemos planear el próximo trimestre?", "COPC pide una proporción de un analista de calidad por cada 20 asesores?",
               "cuántos monitoreos por asesor por semana exige la norma?", "qué ocupación debería fijar para mi sitio?",
               "cuántas sesiones de coaching al mes exactamente son obligatorias?", "qué nivel de servicio debemos poner en nuestro sitio según COPC?"],
    },
}
# Topics of a contact centre, or of life, that no entry of this knowledge base talks about.
FOREIGN = {
    "en": ["the dress code", "parking spaces", "the office dress policy", "coffee break length", "gamification badges",
           "remote work stipends", "maternity leave", "desk ergonomics", "christmas party budget", "headset brands",
           "the cafeteria menu", "employee discounts", "team building trips", "laptop refresh cycles", "agent tattoos policy",
           "birthday celebrations", "pet-friendly offices", "smoking areas", "music in the office", "the gym membership",
           "agent nicknames", "lunch vouchers", "office plants", "the company logo", "crypto payments"],
    "es": ["el código de vestimenta", "los estacionamientos", "la duración del café", "las insignias de gamificación",
           "el bono de teletrabajo", "la licencia de maternidad", "la ergonomía de escritorios", "la fiesta de navidad",
           "las marcas de diademas", "el menú de la cafetería", "los descuentos para empleados", "los viajes de integración",
           "la renovación de laptops", "la política de tatuajes", "los cumpleaños", "las mascotas en la oficina", "las zonas de fumar",
           "la música en la oficina", "el gimnasio", "los apodos de los agentes", "los vales de comida", "las plantas de la oficina",
           "el logo de la empresa", "los pagos con cripto"],
}
FOREIGN_TEMPLATES = {
    "en": ["what does COPC say about {t}?", "does the standard require {t}?", "what is the COPC rule for {t}?", "is {t} part of COPC?",
           "any COPC guidance on {t}", "do auditors check {t}?"],
    "es": ["qué dice COPC sobre {t}?", "la norma exige {t}?", "cuál es la regla COPC para {t}?", "{t} es parte de COPC?",
           "alguna guía de COPC sobre {t}", "los auditores revisan {t}?"],
}
# Small talk that reaches the knowledge path: no entry answers it, whatever it lands on.
SMALLTALK = {
    "en": ["how's it going?", "good afternoon, how is your day?", "are you having a nice week?", "hey there, what's new?",
           "thanks so much, you're great", "tell me something funny", "what's the weather like?", "how was your weekend?",
           "nice to meet you", "are you a real person?", "do you like your job?", "happy friday everyone"],
    "es": ["qué tal todo?", "buenas tardes, cómo va tu día?", "cómo estás hoy?", "qué onda, qué hay de nuevo?",
           "muchas gracias, eres lo máximo", "cuéntame un chiste", "cómo está el clima?", "qué tal tu fin de semana?",
           "mucho gusto", "eres una persona de verdad?", "te gusta tu trabajo?", "feliz viernes a todos"],
}
# Long messages: a context sentence before the question, as people write in Slack.
PREAMBLE = {
    "en": ["hi, quick one from the ops floor, we are preparing for the audit and my director asked me this: ",
           "sorry to bother, I'm a trainer and a new hire asked something I couldn't answer, ",
           "ok so we had a long meeting yesterday about the standard and nobody knew, "],
    "es": ["hola, una rápida desde la operación, estamos preparando la auditoría y mi director me preguntó esto: ",
           "perdón la molestia, soy capacitador y un agente nuevo me preguntó algo que no supe, ",
           "bueno, ayer tuvimos una junta larga sobre la norma y nadie supo, "],
}
