def municipality(request):
    return {"current_municipality": getattr(request, "municipality", None)}
