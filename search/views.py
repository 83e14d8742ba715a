from django.http import JsonResponse
from django.shortcuts import render


def search_page(request):
    return render(request, "search/search_results.html", {"query": ""})


def api_search(request):
    return JsonResponse({"results": []})


def api_autocomplete(request):
    return JsonResponse({"results": []})


def api_related(request, article_id):
    return JsonResponse({"results": []})
